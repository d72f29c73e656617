// Periods are calendar months in the organization's IANA zone:
// [local 00:00 on the 1st, local 00:00 on the 1st of next month).
import { describe, expect, it } from "vitest";
import {
  addDays,
  addPeriods,
  comparePeriods,
  datesInPeriod,
  formatPeriod,
  isLocalDate,
  isPeriod,
  isoWeekday,
  lastLocalDay,
  localDate,
  nextPeriod,
  parsePeriod,
  periodBounds,
  periodOfInstant,
  periodOfLocalDate,
  previousPeriod,
} from "../../src/kpi/period.ts";
import { KpiValidationError } from "../../src/kpi/validation-error.ts";

const iso = (d: Date) => d.toISOString();

describe("period strings", () => {
  it("parses and formats YYYY-MM", () => {
    expect(parsePeriod("2026-10")).toEqual({ year: 2026, month: 10 });
    expect(formatPeriod(2026, 1)).toBe("2026-01");
    expect(isPeriod("2026-10")).toBe(true);
  });

  it.each(["2026-13", "2026-00", "2026-1", "26-10", "2026/10", "2026-10-01", " 2026-10", ""])("rejects %j", (p) => {
    expect(isPeriod(p)).toBe(false);
    expect(() => parsePeriod(p)).toThrow(KpiValidationError);
  });

  it("says what a period looks like, in both languages", () => {
    try {
      parsePeriod("2026-13");
      expect.unreachable();
    } catch (e) {
      const err = e as KpiValidationError;
      expect(err.code).toBe("period.invalid");
      expect(err.message).toBe('"2026-13" is not a period; expected YYYY-MM with a month 01–12 (e.g. 2026-10)');
      expect(err.messageFor("zh-CN")).toContain("不是有效的期间");
    }
  });

  it("steps across year boundaries", () => {
    expect(previousPeriod("2026-01")).toBe("2025-12");
    expect(nextPeriod("2026-12")).toBe("2027-01");
    expect(addPeriods("2026-10", -13)).toBe("2025-09");
    expect(addPeriods("2026-10", 0)).toBe("2026-10");
    expect(comparePeriods("2025-12", "2026-01")).toBeLessThan(0);
    expect(comparePeriods("2026-01", "2026-01")).toBe(0);
  });
});

describe("period bounds in a time zone", () => {
  it("Asia/Shanghai (UTC+8): local midnight is 16:00 UTC the day before", () => {
    const b = periodBounds("2026-10", "Asia/Shanghai");
    expect(iso(b.start)).toBe("2026-09-30T16:00:00.000Z");
    expect(iso(b.end)).toBe("2026-10-31T16:00:00.000Z");
  });

  it("defaults to Asia/Shanghai", () => {
    expect(iso(periodBounds("2026-01").start)).toBe("2025-12-31T16:00:00.000Z");
  });

  it("the start is inclusive and the end exclusive", () => {
    const zone = "Asia/Shanghai";
    expect(periodOfInstant(new Date("2026-09-30T16:00:00.000Z"), zone)).toBe("2026-10");
    expect(periodOfInstant(new Date("2026-09-30T15:59:59.999Z"), zone)).toBe("2026-09");
    expect(periodOfInstant(new Date("2026-10-31T16:00:00.000Z"), zone)).toBe("2026-11");
    // the golden fixture's boundary orders: O3 is October in Shanghai, O7 is November
    expect(periodOfInstant(new Date("2026-09-30T17:30:00Z"), zone)).toBe("2026-10");
    expect(periodOfInstant(new Date("2026-10-31T16:30:00Z"), zone)).toBe("2026-11");
  });

  it("follows daylight saving time (America/New_York)", () => {
    const nov = periodBounds("2026-11", "America/New_York");
    expect(iso(nov.start)).toBe("2026-11-01T04:00:00.000Z"); // EDT, UTC−4
    expect(iso(nov.end)).toBe("2026-12-01T05:00:00.000Z"); // EST, UTC−5
    const mar = periodBounds("2026-03", "America/New_York");
    expect(iso(mar.start)).toBe("2026-03-01T05:00:00.000Z");
    expect(iso(mar.end)).toBe("2026-04-01T04:00:00.000Z");
  });

  it("works for zones with non-hour offsets (Asia/Kathmandu, UTC+5:45)", () => {
    expect(iso(periodBounds("2026-10", "Asia/Kathmandu").start)).toBe("2026-09-30T18:15:00.000Z");
  });

  it("rejects an unknown time zone", () => {
    expect(() => periodBounds("2026-10", "Mars/Olympus")).toThrow(
      '"Mars/Olympus" is not an IANA time zone (e.g. Asia/Shanghai)',
    );
    expect(() => localDate(new Date(), "UTC+8")).toThrow(KpiValidationError);
  });
});

describe("local dates", () => {
  it("the local date of an instant depends on the zone", () => {
    const t = new Date("2026-10-31T16:30:00Z");
    expect(localDate(t, "Asia/Shanghai")).toBe("2026-11-01");
    expect(localDate(t, "UTC")).toBe("2026-10-31");
    expect(localDate(t, "America/Los_Angeles")).toBe("2026-10-31");
  });

  it("the last local day of a period (what overdue due dates compare with)", () => {
    expect(lastLocalDay("2026-10")).toBe("2026-10-31");
    expect(lastLocalDay("2026-02")).toBe("2026-02-28");
    expect(lastLocalDay("2028-02")).toBe("2028-02-29");
    expect(lastLocalDay("2026-04")).toBe("2026-04-30");
  });

  it("all dates of a period, weekdays and day arithmetic", () => {
    const oct = datesInPeriod("2026-10");
    expect(oct).toHaveLength(31);
    expect([oct[0], oct[30]]).toEqual(["2026-10-01", "2026-10-31"]);
    expect(isoWeekday("2026-10-01")).toBe(4); // Thursday
    expect(isoWeekday("2026-10-04")).toBe(7); // Sunday
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(periodOfLocalDate("2026-10-31")).toBe("2026-10");
  });

  it("validates dates", () => {
    expect(isLocalDate("2026-02-29")).toBe(false);
    expect(isLocalDate("2028-02-29")).toBe(true);
    expect(isLocalDate("2026-10-1")).toBe(false);
    expect(() => isoWeekday("2026-13-01")).toThrow(
      '"2026-13-01" is not a calendar date; expected YYYY-MM-DD (e.g. 2026-10-01)',
    );
  });
});
