/**
 * Exact arithmetic and number formatting for KPI results.
 *
 * Inputs (amounts, targets, weights) are finite decimals, held as `Decimal` (decimal.js). The
 * engine divides (achievement = a/t, completion, means, pace), and a quotient such as 2/3 is not a
 * finite decimal, so every computed value is a `Rational`: an exact fraction of two bigints.
 * Nothing is rounded until a value is shown or stored, and then it is rounded exactly once, half
 * away from zero, by `Rational#round` / `formatFixed` — with no intermediate precision limit, so
 * `round(Σ exact points)` is right even when the exact sum sits on a .xx5 boundary.
 *
 * Values never pass through JS `number`: a `number` is rejected at runtime by `toRational`.
 */
import DecimalDefault from "decimal.js";
import type { Decimal as DecimalClass } from "decimal.js";
import { KpiValidationError } from "./validation-error.ts";

/**
 * decimal.js ships CommonJS-style typings, so under `moduleResolution: NodeNext` TypeScript types
 * its default import as the module object, while at runtime (ESM, `decimal.mjs`) the default
 * export is the Decimal constructor itself. Re-export it with the right type; the rest of the
 * engine imports `Decimal` from here.
 */
export const Decimal = DecimalDefault as unknown as typeof DecimalClass;
export type Decimal = DecimalClass;

/** Anything the engine accepts as an exact number. Strings are parsed strictly (see parseDecimal). */
export type Numeric = Rational | Decimal | string;

const TEN = 10n;
const pow10 = (n: number): bigint => TEN ** BigInt(n);
const babs = (x: bigint): bigint => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = babs(a);
  b = babs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Strict decimal syntax: optional "-", digits, optional "." and digits. No exponent, no "+". */
const DECIMAL_RE = /^-?\d+(?:\.\d+)?$/;

/** An exact rational number num/den with den > 0, always in lowest terms. Immutable. */
export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** num/den reduced; throws on a zero denominator. */
  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new RangeError("Rational: zero denominator");
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num, den);
    return g > 1n ? new Rational(num / g, den / g) : new Rational(num, den);
  }

  static fromInt(n: number | bigint): Rational {
    if (typeof n === "number" && !Number.isSafeInteger(n))
      throw new RangeError(`Rational.fromInt: ${n} is not a safe integer`);
    return Rational.of(BigInt(n));
  }

  /** Exact value of a finite decimal string in plain notation (e.g. "-12.50"). */
  static fromDecimalString(str: string): Rational {
    if (!DECIMAL_RE.test(str)) throw new KpiValidationError("decimal.invalid", { value: str });
    const neg = str.startsWith("-");
    const body = neg ? str.slice(1) : str;
    const dot = body.indexOf(".");
    const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
    const places = dot < 0 ? 0 : body.length - dot - 1;
    const n = BigInt(digits);
    return Rational.of(neg ? -n : n, pow10(places));
  }

  /** Exact value of a Decimal (any decimal.js instance, including Prisma's). */
  static fromDecimal(d: Decimal): Rational {
    if (!d.isFinite()) throw new RangeError(`Rational.fromDecimal: ${d.toString()} is not finite`);
    return Rational.fromDecimalString(d.toFixed());
  }

  add(o: Rational): Rational {
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  /** Throws RangeError on division by zero; callers decide what x/0 means before dividing. */
  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError("Rational: division by zero");
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational {
    return new Rational(-this.num, this.den);
  }
  abs(): Rational {
    return this.num < 0n ? this.neg() : this;
  }

  /** -1, 0 or 1. */
  cmp(o: Rational): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: Rational): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Rational): boolean {
    return this.cmp(o) >= 0;
  }
  sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  isInteger(): boolean {
    return this.den === 1n;
  }

  static min(a: Rational, b: Rational): Rational {
    return a.lte(b) ? a : b;
  }
  static max(a: Rational, b: Rational): Rational {
    return a.gte(b) ? a : b;
  }
  static sum(xs: Iterable<Rational>): Rational {
    let acc = Rational.ZERO;
    for (const x of xs) acc = acc.add(x);
    return acc;
  }

  /** Largest integer ≤ this. */
  floor(): bigint {
    const q = this.num / this.den; // truncates toward zero
    return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
  }

  /**
   * Rounds exactly to `places` decimals, half away from zero (the only rounding the engine does),
   * and returns the plain-notation string with exactly `places` decimals ("-0.00" never appears).
   */
  toFixed(places: number): string {
    if (!Number.isInteger(places) || places < 0) throw new RangeError(`toFixed: bad places ${places}`);
    const scaled = babs(this.num) * pow10(places);
    let q = scaled / this.den;
    const r = scaled - q * this.den;
    if (2n * r >= this.den) q += 1n;
    const neg = this.num < 0n && q !== 0n;
    let digits = q.toString();
    if (places > 0) {
      digits = digits.padStart(places + 1, "0");
      digits = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    }
    return neg ? `-${digits}` : digits;
  }

  /** `toFixed(places)` as a Decimal. */
  round(places: number): Decimal {
    return new Decimal(this.toFixed(places));
  }

  /**
   * Decimal places of the exact expansion when the value is a finite decimal (the denominator has
   * only the prime factors 2 and 5), else null.
   */
  terminatingPlaces(): number | null {
    let d = this.den;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    return d === 1n ? Math.max(twos, fives) : null;
  }

  /**
   * The value as a Decimal: exact when it is a finite decimal, otherwise rounded (half away from
   * zero) to `significantDigits` significant digits. For storage in numeric columns or further
   * display maths; shown/stored results use `toFixed`.
   */
  toDecimal(significantDigits = 40): Decimal {
    const exact = this.terminatingPlaces();
    if (exact !== null) return new Decimal(this.toFixed(exact));
    const intPart = babs(this.num) / this.den;
    let places: number;
    if (intPart > 0n) {
      places = Math.max(0, significantDigits - intPart.toString().length);
    } else {
      // leading zeros after the point do not count as significant
      let zeros = 0;
      let scaled = babs(this.num) * TEN;
      while (scaled < this.den) {
        zeros++;
        scaled *= TEN;
      }
      places = zeros + significantDigits;
    }
    return new Decimal(this.toFixed(places));
  }

  /** "num/den" (or "num" for integers) — for debugging, never for display. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

/**
 * Any accepted numeric input as a Rational. Rejects JS numbers (binary floats) on purpose; plain
 * JSON numbers from configuration go through `decimalFromJsonNumber` first.
 */
export function toRational(x: Numeric): Rational {
  if (x instanceof Rational) return x;
  if (typeof x === "string") return Rational.fromDecimalString(x.trim());
  if (Decimal.isDecimal(x)) return Rational.fromDecimal(x);
  throw new TypeError(
    `toRational: unsupported value ${String(x)} (${typeof x}); pass a Decimal, Rational or decimal string`,
  );
}

export function toRationalOrNull(x: Numeric | null | undefined): Rational | null {
  return x === null || x === undefined ? null : toRational(x);
}

/** Number of decimal places of the value (trailing zeros do not count: "40000.00" has 0). */
export function decimalPlacesOf(d: Decimal): number {
  return d.decimalPlaces();
}

export interface ParseDecimalOptions {
  /** Maximum decimal places of the value (trailing zeros are ignored). */
  maxPlaces?: number;
  /** Reject negative values. Default: allowed. */
  nonNegative?: boolean;
}

/**
 * Parses a strict decimal string ("1234", "-0.5", "40000.00"); no exponent, "+", spaces inside,
 * ".5", "5." or thousands separators. Throws KpiValidationError (decimal.invalid,
 * decimal.too_many_places, decimal.negative).
 */
export function parseDecimal(input: string, opts: ParseDecimalOptions = {}): Decimal {
  const str = input.trim();
  if (!DECIMAL_RE.test(str)) throw new KpiValidationError("decimal.invalid", { value: input });
  const d = new Decimal(str);
  if (opts.maxPlaces !== undefined && d.decimalPlaces() > opts.maxPlaces) {
    throw new KpiValidationError("decimal.too_many_places", { value: input, max: opts.maxPlaces });
  }
  if (opts.nonNegative && d.isNegative() && !d.isZero())
    throw new KpiValidationError("decimal.negative", { value: input });
  return d;
}

/**
 * A configuration value that arrives as a plain JSON number (cap, floor, weights, minCompletion,
 * bonus points) or as a decimal string, as an exact Decimal. A JSON number is taken as the
 * shortest decimal that round-trips to it (`String(0.3)` is "0.3"), which is what the author wrote.
 */
export function decimalFromJsonNumber(x: number | string): Decimal {
  if (typeof x === "string") return parseDecimal(x);
  if (!Number.isFinite(x)) throw new KpiValidationError("decimal.invalid", { value: String(x) });
  return new Decimal(String(x));
}

/** Round half away from zero, once, to `places` decimals. */
export function roundHalfAwayFromZero(x: Numeric, places: number): Decimal {
  return toRational(x).round(places);
}

/** Round half away from zero to `places` and print with exactly `places` decimals. */
export function formatFixed(x: Numeric, places: number): string {
  return toRational(x).toFixed(places);
}

/** Points, base, bonus and total: 2 decimals. */
export const formatPoints = (x: Numeric): string => formatFixed(x, 2);
/** Rates, achievements and team completion: 4 decimals. */
export const formatRatio = (x: Numeric): string => formatFixed(x, 4);
