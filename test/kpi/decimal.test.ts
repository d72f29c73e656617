import { describe, expect, it } from "vitest";
import {
  Decimal,
  Rational,
  decimalFromJsonNumber,
  formatFixed,
  formatPoints,
  formatRatio,
  parseDecimal,
  roundHalfAwayFromZero,
  toRational,
} from "../../src/kpi/decimal.ts";
import { KpiValidationError } from "../../src/kpi/validation-error.ts";

const r = (s: string) => toRational(s);

describe("Rational: exact arithmetic", () => {
  it("keeps fractions in lowest terms with a positive denominator", () => {
    const x = Rational.of(6n, -4n);
    expect([x.num, x.den]).toEqual([-3n, 2n]);
    expect(Rational.of(0n, 7n).eq(Rational.ZERO)).toBe(true);
    expect(() => Rational.of(1n, 0n)).toThrow(RangeError);
  });

  it("reads decimals exactly (no binary floating point)", () => {
    expect(r("0.1").add(r("0.2")).eq(r("0.3"))).toBe(true);
    expect(r("-12.50").toString()).toBe("-25/2");
    expect(toRational(new Decimal("40000.00")).eq(r("40000"))).toBe(true);
  });

  it("adds, subtracts, multiplies and divides exactly", () => {
    const third = r("1").div(r("3"));
    expect(third.mul(r("3")).eq(Rational.ONE)).toBe(true);
    expect(third.add(third).add(third).eq(Rational.ONE)).toBe(true);
    expect(r("5").sub(r("7.25")).toFixed(2)).toBe("-2.25");
    expect(() => r("1").div(Rational.ZERO)).toThrow(RangeError);
  });

  it("compares exactly", () => {
    const a = r("2").div(r("3"));
    const b = r("0.6667");
    expect(a.lt(b)).toBe(true);
    expect(a.cmp(a)).toBe(0);
    expect(Rational.max(a, b)).toBe(b);
    expect(Rational.min(a, b)).toBe(a);
    expect(r("-3").sign()).toBe(-1);
  });

  it("floor goes toward −∞", () => {
    expect(r("7").div(r("2")).floor()).toBe(3n);
    expect(r("-7").div(r("2")).floor()).toBe(-4n);
    expect(r("-4").floor()).toBe(-4n);
  });

  it("rejects JS numbers at runtime (binary floats never enter the engine)", () => {
    expect(() => toRational(0.1 as unknown as string)).toThrow(TypeError);
  });
});

describe("rounding: half away from zero, once, to the exact value", () => {
  it("rounds halves away from zero for positive and negative values", () => {
    expect(formatFixed("2.345", 2)).toBe("2.35");
    expect(formatFixed("-2.345", 2)).toBe("-2.35");
    expect(formatFixed("2.3449999", 2)).toBe("2.34");
    expect(formatFixed("0.00005", 4)).toBe("0.0001");
    expect(formatFixed("-0.00005", 4)).toBe("-0.0001");
    expect(formatFixed("12.5", 0)).toBe("13");
    expect(formatFixed("-12.5", 0)).toBe("-13");
  });

  it("agrees with Decimal.js ROUND_HALF_UP, which is half away from zero for negatives too", () => {
    for (const s of ["2.345", "-2.345", "-0.005", "0.005", "-1.0049", "99.995", "-99.995"]) {
      const viaDecimal = new Decimal(s).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
      expect(formatFixed(s, 2)).toBe(viaDecimal);
    }
    expect(new Decimal("-2.345").toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)).toBe("-2.35");
  });

  it("never prints negative zero", () => {
    expect(formatFixed("-0.001", 2)).toBe("0.00");
    expect(formatFixed("-0.4", 0)).toBe("0");
  });

  it("pads to the requested places", () => {
    expect(formatFixed("45000", 2)).toBe("45000.00");
    expect(formatFixed("0.5", 4)).toBe("0.5000");
    expect(formatFixed("0.004", 2)).toBe("0.00");
    expect(formatPoints("97.825")).toBe("97.83");
    expect(formatRatio(r("4").div(r("3")))).toBe("1.3333");
  });

  it("rounds non-terminating quotients exactly, including sums that land on a .xx5 boundary", () => {
    // 6 × (1/48) = 0.125 exactly. Any fixed-precision evaluation of 1/48 (0.0208333…3) times 6
    // gives 0.12499…98 and would round to 0.12.
    const p = r("6").mul(r("1").div(r("48")));
    expect(p.toFixed(2)).toBe("0.13");
    // Σ of three non-terminating parts that adds up to exactly 0.005
    const parts = [r("1").div(r("600")), r("1").div(r("600")), r("1").div(r("600"))];
    expect(Rational.sum(parts).toFixed(2)).toBe("0.01");
    expect(roundHalfAwayFromZero(r("2").div(r("3")), 4).toFixed()).toBe("0.6667");
  });

  it("toDecimal is exact for terminating values and keeps significant digits otherwise", () => {
    expect(r("1").div(r("8")).toDecimal().toFixed()).toBe("0.125");
    expect(r("2").div(r("3")).toDecimal(10).toFixed()).toBe("0.6666666667");
    expect(r("1").div(r("300")).toDecimal(5).toFixed()).toBe("0.0033333");
    expect(r("200").div(r("3")).toDecimal(5).toFixed()).toBe("66.667");
  });
});

describe("parseDecimal: strict decimal strings", () => {
  it("accepts plain decimals", () => {
    expect(parseDecimal("1234").toFixed()).toBe("1234");
    expect(parseDecimal("-0.5").toFixed()).toBe("-0.5");
    expect(parseDecimal(" 40000.00 ").toFixed(2)).toBe("40000.00");
  });

  it.each(["", "1e5", "+1", ".5", "5.", "1,000", "0x10", "NaN", "Infinity", "1.2.3", "- 1", "１２"])(
    "rejects %j",
    (s) => {
      expect(() => parseDecimal(s)).toThrow(KpiValidationError);
      try {
        parseDecimal(s);
      } catch (e) {
        expect((e as KpiValidationError).code).toBe("decimal.invalid");
      }
    },
  );

  it("limits decimal places by value (trailing zeros do not count)", () => {
    expect(parseDecimal("40000.00", { maxPlaces: 0 }).toFixed()).toBe("40000");
    expect(parseDecimal("0.1250", { maxPlaces: 3 }).toFixed()).toBe("0.125");
    const err = (() => {
      try {
        parseDecimal("1.005", { maxPlaces: 2 });
      } catch (e) {
        return e as KpiValidationError;
      }
      return null;
    })();
    expect(err?.code).toBe("decimal.too_many_places");
    expect(err?.message).toBe('"1.005" has more than 2 decimal places');
    expect(err?.messageFor("zh-CN")).toBe('"1.005" 的小数位超过 2 位');
  });

  it("can reject negatives", () => {
    expect(() => parseDecimal("-1", { nonNegative: true })).toThrow(/must not be negative/);
    expect(parseDecimal("-0", { nonNegative: true }).isZero()).toBe(true);
  });

  it("JSON numbers become the decimal their shortest form spells", () => {
    expect(decimalFromJsonNumber(0.3).toFixed()).toBe("0.3");
    expect(decimalFromJsonNumber(1.2).toFixed()).toBe("1.2");
    expect(decimalFromJsonNumber("33.34").toFixed()).toBe("33.34");
    expect(() => decimalFromJsonNumber(Number.NaN)).toThrow(KpiValidationError);
  });
});
