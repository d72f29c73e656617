// Exact decimal strings for display. The services hand cards every figure as a plain decimal string
// ("35000.00", "0.8750"); a card only shifts one by a power of ten (a ratio as a percentage, 万 and
// K units), rounds it, compares or adds it. A scaled bigint does all of that exactly, so cards need
// neither a JS float nor the KPI core's Rational (which divides; a card never does but by 10ⁿ).

/** value = units / 10^scale. */
interface Scaled {
  units: bigint;
  scale: number;
}

/** Strict plain notation, as the services print it: optional "-", digits, optional "." and digits. */
const PLAIN = /^-?\d+(?:\.\d+)?$/;

function scaled(value: string): Scaled {
  const s = value.trim();
  if (!PLAIN.test(s)) throw new RangeError(`not a plain decimal: ${JSON.stringify(value)}`);
  const dot = s.indexOf(".");
  if (dot < 0) return { units: BigInt(s), scale: 0 };
  return { units: BigInt(s.slice(0, dot) + s.slice(dot + 1)), scale: s.length - dot - 1 };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Both values on the larger of their scales. */
function aligned(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

/**
 * `value` × 10^`shift`, rounded exactly once (half away from zero) to `places` decimals, in plain
 * notation with exactly `places` decimals; "-0.00" never appears. roundDecimal("0.8755", 1, 2) is
 * "87.6" (a ratio as a percentage).
 */
export function roundDecimal(value: string, places: number, shift = 0): string {
  if (!Number.isInteger(places) || places < 0) throw new RangeError(`roundDecimal: bad places ${places}`);
  const { units, scale } = scaled(value);
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const exponent = shift + places - scale;
  let q: bigint;
  if (exponent >= 0) q = magnitude * pow10(exponent);
  else {
    const d = pow10(-exponent);
    q = magnitude / d;
    if (2n * (magnitude % d) >= d) q += 1n;
  }
  let digits = q.toString();
  if (places > 0) {
    digits = digits.padStart(places + 1, "0");
    digits = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }
  return negative && q !== 0n ? `-${digits}` : digits;
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = aligned(scaled(a), scaled(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** -1, 0 or 1. */
export function decimalSign(value: string): -1 | 0 | 1 {
  const { units } = scaled(value);
  return units < 0n ? -1 : units > 0n ? 1 : 0;
}

/** |value| < 10^`exponent` (is the figure below 1万, 1K …). */
export function belowPowerOfTen(value: string, exponent: number): boolean {
  const { units, scale } = scaled(value);
  return (units < 0n ? -units : units) < pow10(exponent + scale);
}

/** The exact sum, in the shortest plain notation ("0.10" + "0.20" + "34999.70" → "35000"). */
export function sumDecimals(values: readonly string[]): string {
  let acc: Scaled = { units: 0n, scale: 0 };
  for (const v of values) {
    const [x, y, scale] = aligned(acc, scaled(v));
    acc = { units: x + y, scale };
  }
  let { units, scale } = acc;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return scale === 0 ? units.toString() : roundDecimal(`${units}`, scale, -scale);
}
