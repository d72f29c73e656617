// The cards' exact decimal strings: shift by 10ⁿ, round once half away from zero, compare and add —
// and agree digit for digit with the KPI core's Rational, which the cards no longer import.
import { describe, expect, it } from "vitest";
import { belowPowerOfTen, compareDecimal, decimalSign, roundDecimal, sumDecimals } from "../../cards/decimal.ts";
import { Rational, toRational } from "../../src/kpi/decimal.ts";

describe("roundDecimal", () => {
  it("rounds half away from zero to the places asked, never writing -0", () => {
    expect(roundDecimal("1.005", 2)).toBe("1.01");
    expect(roundDecimal("-1.005", 2)).toBe("-1.01");
    expect(roundDecimal("-0.004", 2)).toBe("0.00");
    expect(roundDecimal("7", 2)).toBe("7.00");
    expect(roundDecimal(" 12.5 ", 0)).toBe("13");
  });

  it("shifts by a power of ten first (a ratio as a percentage, an amount in 万)", () => {
    expect(roundDecimal("0.8755", 1, 2)).toBe("87.6");
    expect(roundDecimal("35000", 1, -4)).toBe("3.5");
    expect(roundDecimal("99999600", 1, -4)).toBe("10000.0");
  });

  it("refuses what is not plain decimal notation", () => {
    for (const bad of ["1e5", "12,000", "abc", "+1", ".5", "5."])
      expect(() => roundDecimal(bad, 2)).toThrow(RangeError);
  });

  it("agrees with the core's Rational on every value, place and shift", () => {
    const values = ["0", "0.005", "-0.015", "1.2345", "-999.9995", "123456789.987654321", "9007199254740993.01"];
    for (const v of values)
      for (const places of [0, 1, 2, 4])
        for (const shift of [-8, -4, -3, 0, 2]) {
          const core = toRational(v)
            .mul(shift >= 0 ? Rational.of(10n ** BigInt(shift)) : Rational.of(1n, 10n ** BigInt(-shift)))
            .toFixed(places);
          expect(roundDecimal(v, places, shift), `${v} ${places} ${shift}`).toBe(core);
        }
  });
});

describe("comparing and adding", () => {
  it("compares across scales and reads the sign", () => {
    expect(compareDecimal("59.99", "60")).toBe(-1);
    expect(compareDecimal("60.00", "60")).toBe(0);
    expect(compareDecimal("-1", "-1.5")).toBe(1);
    expect([decimalSign("-0.01"), decimalSign("0.00"), decimalSign("3")]).toEqual([-1, 0, 1]);
  });

  it("tells whether a figure is below a power of ten, whatever its sign", () => {
    expect(belowPowerOfTen("9999.99", 4)).toBe(true);
    expect(belowPowerOfTen("-10000", 4)).toBe(false);
  });

  it("adds exactly, in the shortest plain notation", () => {
    expect(sumDecimals(["0.10", "0.20", "34999.70"])).toBe("35000");
    expect(sumDecimals(["0.1", "-0.25"])).toBe("-0.15");
    expect(sumDecimals([])).toBe("0");
  });
});
