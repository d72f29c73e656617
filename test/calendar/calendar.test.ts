// Working days: Monday–Friday minus holidays plus adjusted workdays; China's official calendar is
// the default for Asia/Shanghai, and an organization's own calendar file wins over it.
import { mkdtemp, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { calendarFor, chinaOfficialCalendar, createWorkingCalendar } from "../../src/calendar/calendar.ts";
import { buildChinaCalendar } from "../../scripts/generate-china-data.ts";
import { parseCalendarFile, safeParseCalendarFile } from "../../src/calendar/file.ts";
import { loadCalendarFile } from "../../src/config/calendar-file.ts";
import { addDays, datesInPeriod } from "../../src/kpi/period.ts";
import { KpiValidationError } from "../../src/kpi/validation-error.ts";

const china = calendarFor("cn-official");

describe("China's official calendar (chinese-days 1.5.7)", () => {
  it("National Day 2026 is Oct 1–7 off, with Sun Sep 20 and Sat Oct 10 as adjusted workdays", () => {
    // chinese-days (the State Council notice for 2026): 国庆节 Oct 1–7; 调休上班 Sep 20 and Oct 10.
    // (Not Oct 1–8: 2026's Mid-autumn Festival is Sep 25–27, a separate holiday.)
    for (const day of ["01", "02", "03", "04", "05", "06", "07"])
      expect(china.isWorkingDay(`2026-10-${day}`)).toBe(false);
    expect(china.isWorkingDay("2026-10-08")).toBe(true); // Thursday, back to work
    expect(china.isWorkingDay("2026-10-10")).toBe(true); // Saturday, adjusted workday
    expect(china.isWorkingDay("2026-10-11")).toBe(false); // ordinary Sunday
    expect(china.isWorkingDay("2026-09-20")).toBe(true); // Sunday, adjusted workday
    expect(china.isWorkingDay("2026-09-25")).toBe(false); // Friday, Mid-autumn Festival
  });

  it("describes each day", () => {
    expect(china.dayInfo("2026-10-05")).toEqual({
      date: "2026-10-05",
      working: false,
      kind: "holiday",
      name: "国庆节",
      nameEn: "National Day",
    });
    expect(china.dayInfo("2026-10-10")).toMatchObject({ working: true, kind: "adjusted_workday", name: "国庆节" });
    expect(china.dayInfo("2026-10-12")).toEqual({
      date: "2026-10-12",
      working: true,
      kind: "workday",
      name: null,
      nameEn: null,
    });
    expect(china.dayInfo("2026-10-11")).toMatchObject({ working: false, kind: "weekend" });
  });

  it("October 2026 has 18 working days", () => {
    expect(china.workingDatesInPeriod("2026-10")).toEqual([
      "2026-10-08",
      "2026-10-09",
      "2026-10-10",
      "2026-10-12",
      "2026-10-13",
      "2026-10-14",
      "2026-10-15",
      "2026-10-16",
      "2026-10-19",
      "2026-10-20",
      "2026-10-21",
      "2026-10-22",
      "2026-10-23",
      "2026-10-26",
      "2026-10-27",
      "2026-10-28",
      "2026-10-29",
      "2026-10-30",
    ]);
    expect(china.workingDaysInPeriod("2026-10")).toBe(18);
    expect(calendarFor("none").workingDaysInPeriod("2026-10")).toBe(22); // plain Mon–Fri
  });

  it("September 2026: 22 working days (Mid-autumn Fri Sep 25 off, Sun Sep 20 on)", () => {
    expect(china.workingDaysInPeriod("2026-09")).toBe(22);
  });

  it("Spring Festival 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 on", () => {
    expect(china.workingDaysInPeriod("2026-02")).toBe(16); // 20 weekdays − 6 holiday weekdays (Feb 16–20, 23) + 2 Saturdays
    expect(china.isWorkingDay("2026-02-14")).toBe(true);
    expect(china.isWorkingDay("2026-02-23")).toBe(false);
  });

  it("covers 2025 and 2026; other years fall back to Mon–Fri", () => {
    expect([...china.coveredYears].sort()).toEqual([2025, 2026]);
    expect(china.covers("2026-12-31")).toBe(true);
    expect(china.covers("2027-01-01")).toBe(false);
    expect(china.isWorkingDay("2027-01-01")).toBe(true); // a Friday: no data for 2027 yet
  });

  it("the shipped data is exactly what chinese-days says (regenerate with generate-china-data.ts)", () => {
    const shipped = JSON.parse(
      readFileSync(fileURLToPath(new URL("../../src/calendar/data/cn-official.json", import.meta.url)), "utf8"),
    );
    expect(parseCalendarFile(shipped)).toEqual(buildChinaCalendar(2025, 2026));
    expect(chinaOfficialCalendar().source).toBe("chinese-days@1.5.7");
  });

  it("agrees with chinese-days' own isWorkday on every day of 2025 and 2026", async () => {
    // chinese-days' date helpers use local-time getters on UTC-parsed dates; they are only right
    // with TZ=UTC (one reason the data is shipped instead of calling the package at runtime).
    process.env.TZ = "UTC";
    const cd = (await import("chinese-days")).default;
    let d = "2025-01-01";
    let checked = 0;
    while (d <= "2026-12-31") {
      expect([d, china.isWorkingDay(d)]).toEqual([d, cd.isWorkday(d)]);
      d = addDays(d, 1);
      checked++;
    }
    expect(checked).toBe(730);
  });
});

describe("elapsed and remaining working days (today counts as remaining)", () => {
  const cases: [string, number, number][] = [
    ["2026-09-15", 0, 18], // before the period: everything remains
    ["2026-10-01", 0, 18], // first day (a holiday)
    ["2026-10-08", 0, 18], // first working day: today is remaining
    ["2026-10-10", 2, 16], // Saturday workday: Oct 8, 9 elapsed
    ["2026-10-11", 3, 15], // Sunday
    ["2026-10-12", 3, 15],
    ["2026-10-30", 17, 1], // last working day: only today remains
    ["2026-10-31", 18, 0], // Saturday after the last working day
    ["2026-11-01", 18, 0], // after the period
  ];
  it.each(cases)("as of %s: elapsed %i, remaining %i", (asOf, elapsed, remaining) => {
    expect(china.elapsedWorkingDays("2026-10", asOf)).toBe(elapsed);
    expect(china.remainingWorkingDays("2026-10", asOf)).toBe(remaining);
    expect(china.counts("2026-10", asOf)).toEqual({ total: 18, elapsed, remaining });
  });

  it("elapsed + remaining = working days of the period, every day of the year", () => {
    for (const p of ["2026-01", "2026-05", "2026-10", "2026-12"]) {
      for (const day of datesInPeriod(p)) {
        expect(china.elapsedWorkingDays(p, day) + china.remainingWorkingDays(p, day)).toBe(
          china.workingDaysInPeriod(p),
        );
      }
    }
  });

  it("rejects malformed dates", () => {
    expect(() => china.elapsedWorkingDays("2026-10", "2026-10-32")).toThrow(KpiValidationError);
    expect(() => china.isWorkingDay("10/08/2026")).toThrow(KpiValidationError);
  });
});

describe('next working day (for "send on the next working day")', () => {
  it("skips weekends and holidays", () => {
    expect(china.nextWorkingDay("2026-10-01")).toBe("2026-10-08");
    expect(china.nextWorkingDay("2026-10-08")).toBe("2026-10-08");
    expect(china.nextWorkingDay("2026-10-09", { after: true })).toBe("2026-10-10");
    expect(china.nextWorkingDay("2026-10-10", { after: true })).toBe("2026-10-12");
  });
});

describe("custom calendar files", () => {
  const custom = parseCalendarFile({
    name: "company days",
    holidays: [
      { date: "2026-10-08", name: "公司年假" },
      { date: "2026-10-10", name: "不调休" },
    ],
    workdays: [{ date: "2026-10-03", name: "值班" }],
  });

  it("win over the default, date by date", () => {
    const cal = calendarFor("cn-official", custom);
    expect(cal.isWorkingDay("2026-10-08")).toBe(false); // a workday in China's calendar, off here
    expect(cal.isWorkingDay("2026-10-10")).toBe(false); // China's adjusted workday, cancelled here
    expect(cal.isWorkingDay("2026-10-03")).toBe(true); // a National Day holiday, worked here
    expect(cal.isWorkingDay("2026-10-02")).toBe(false); // untouched: still China's holiday
    expect(cal.workingDaysInPeriod("2026-10")).toBe(17); // 18 − 2 + 1
    expect(cal.dayInfo("2026-10-03")).toMatchObject({ kind: "adjusted_workday", name: "值班" });
  });

  it('with source "custom" only the file counts', () => {
    const cal = calendarFor("custom", custom);
    expect(cal.isWorkingDay("2026-10-01")).toBe(true); // no China data
    expect(cal.workingDaysInPeriod("2026-10")).toBe(22 - 1 + 1); // Oct 8 off, Sat Oct 3 on (Oct 10 is a weekend anyway)
    expect(calendarFor("custom").workingDaysInPeriod("2026-10")).toBe(22);
  });

  it("later layers win in createWorkingCalendar", () => {
    const a = parseCalendarFile({ holidays: [{ date: "2026-06-01", name: "a" }] });
    const b = parseCalendarFile({ workdays: [{ date: "2026-06-01", name: "b" }] });
    expect(createWorkingCalendar([a, b]).isWorkingDay("2026-06-01")).toBe(true);
    expect(createWorkingCalendar([b, a]).isWorkingDay("2026-06-01")).toBe(false);
  });

  it("are validated: real dates, no duplicates, no date both off and on", () => {
    const r = safeParseCalendarFile({
      holidays: [
        { date: "2026-02-30", name: "x" },
        { date: "2026-05-01", name: "y" },
        { date: "2026-05-01", name: "y again" },
      ],
      workdays: [{ date: "2026-05-01", name: "z" }, { date: "2026-05-09" }],
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.errors.map((e) => [e.code, e.path])).toEqual([
      ["schema.invalid", "holidays.0.date"],
      ["schema.invalid", "workdays.1.name"],
    ]);
    const semantic = safeParseCalendarFile({
      holidays: [
        { date: "2026-05-01", name: "y" },
        { date: "2026-05-01", name: "y again" },
      ],
      workdays: [{ date: "2026-05-01", name: "z" }],
    });
    expect(!semantic.success && semantic.errors.map((e) => [e.code, e.path, e.message])).toEqual([
      ["calendar.duplicate_date", "holidays.1.date", "2026-05-01 is listed more than once in holidays"],
      ["calendar.conflict", "workdays.0.date", "2026-05-01 is listed both as a holiday and as a workday"],
    ]);
  });

  it("load from a file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pacer-cal-"));
    const good = path.join(dir, "good.json");
    await writeFile(good, JSON.stringify({ holidays: [{ date: "2026-12-24", name: "Christmas Eve" }], workdays: [] }));
    const cal = calendarFor("custom", await loadCalendarFile(good));
    expect(cal.isWorkingDay("2026-12-24")).toBe(false);

    const bad = path.join(dir, "bad.json");
    await writeFile(bad, "{ not json");
    await expect(loadCalendarFile(bad)).rejects.toMatchObject({ code: "calendar.unreadable" });
    await expect(loadCalendarFile(path.join(dir, "missing.json"))).rejects.toThrow(
      /^cannot read calendar file .*missing\.json: /,
    );
  });
});
