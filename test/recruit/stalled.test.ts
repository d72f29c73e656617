// Stalled pipeline rules (pure): which applications are stuck, counted in working days of the
// organization's calendar (weekends, holidays and adjusted workdays), due at exactly N, keyed once
// per candidate at an opening and cause, with the settings and their validation.
import { describe, expect, it } from "vitest";
import { calendarFor, createWorkingCalendar } from "../../src/calendar/calendar.ts";
import type { RecruitError } from "../../src/recruit/errors.ts";
import {
  DEFAULT_STALLED_SETTINGS,
  isPassedResult,
  parseStalledSettings,
  stalledItems,
  stalledKey,
  workingDaysSince,
  type PipelineRow,
} from "../../src/recruit/stalled.ts";

const TZ = "Asia/Shanghai";
const plain = createWorkingCalendar([]); // Mon–Fri, no holidays
const china = calendarFor("cn-official");
/** 10:00 in Shanghai on a local date. */
const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`);

function row(over: Partial<PipelineRow> & { applicationExternalId: string }): PipelineRow {
  return {
    stage: "applied",
    appliedAt: at("2026-10-12"),
    candidate: { externalId: `C-${over.applicationExternalId}`, name: `候选人${over.applicationExternalId}` },
    opening: { externalId: "J-1", title: "海运销售代表" },
    hiringManager: { externalId: "E-M1", name: "李强" },
    passedInterviewAt: null,
    offers: 0,
    acceptedOffer: null,
    ...over,
  };
}

const run = (rows: PipelineRow[], now: Date, extra: { calendar?: typeof plain; alreadySent?: Set<string> } = {}) =>
  stalledItems(rows, {
    calendar: extra.calendar ?? plain,
    now,
    timezone: TZ,
    settings: DEFAULT_STALLED_SETTINGS,
    ...(extra.alreadySent ? { alreadySent: extra.alreadySent } : {}),
  });

describe("working days since", () => {
  // 2026-10-12 is a Monday.
  it.each([
    ["2026-10-12", "2026-10-12", 0, "the same day"],
    ["2026-10-12", "2026-10-13", 1, "Monday → Tuesday"],
    ["2026-10-12", "2026-10-14", 2, "Monday → Wednesday"],
    ["2026-10-16", "2026-10-17", 0, "Friday → Saturday"],
    ["2026-10-16", "2026-10-19", 1, "Friday → Monday: the weekend does not count"],
    ["2026-10-16", "2026-10-20", 2, "Friday → Tuesday"],
    ["2026-10-17", "2026-10-19", 1, "Saturday → Monday"],
    ["2026-10-14", "2026-10-12", 0, "a later start is none"],
  ])("%s → %s is %i (%s)", (since, today, n) => {
    expect(workingDaysSince(plain, since, today)).toBe(n);
  });

  it("skips official holidays and counts adjusted workdays (国庆 2026: Oct 1–7 off, Sat Oct 10 worked)", () => {
    expect(workingDaysSince(china, "2026-09-30", "2026-10-07")).toBe(0);
    expect(workingDaysSince(china, "2026-09-30", "2026-10-09")).toBe(2);
    expect(workingDaysSince(china, "2026-09-30", "2026-10-10")).toBe(3);
    expect(workingDaysSince(china, "2026-09-30", "2026-10-11")).toBe(3);
  });

  it("an organization's own holiday counts as a day off", () => {
    const own = createWorkingCalendar([{ holidays: [{ date: "2026-10-13", name: "公司日" }], workdays: [] }]);
    expect(workingDaysSince(own, "2026-10-12", "2026-10-14")).toBe(1);
  });
});

describe("unscreened applications (default 3 working days)", () => {
  const applied = row({ applicationExternalId: "AP-1", appliedAt: at("2026-10-12") });

  it("is not due after 2 working days, due at exactly 3, still due later (with the count)", () => {
    expect(run([applied], at("2026-10-14", "23:59"))).toEqual([]);
    const [item] = run([applied], at("2026-10-15", "00:01"));
    expect(item).toEqual({
      key: "stalled:unscreened:C-AP-1@J-1",
      cause: "unscreened",
      applicationExternalId: "AP-1",
      candidate: applied.candidate,
      opening: applied.opening,
      hiringManager: applied.hiringManager,
      offerExternalId: null,
      since: at("2026-10-12"),
      workingDaysElapsed: 3,
      thresholdDays: 3,
    });
    expect(run([applied], at("2026-10-20"))[0]!.workingDaysElapsed).toBe(6);
  });

  it("counts local dates in the organization's zone, not UTC ones", () => {
    // Monday 00:30 in Shanghai is still Sunday in UTC: it counts from Monday.
    const early = row({ applicationExternalId: "AP-2", appliedAt: new Date("2026-10-11T16:30:00Z") });
    expect(run([early], at("2026-10-14"))).toEqual([]);
    expect(run([early], at("2026-10-15"))).toHaveLength(1);
  });

  it("over a weekend: applied Thursday is due the next Tuesday", () => {
    const thu = row({ applicationExternalId: "AP-3", appliedAt: at("2026-10-15", "18:00") });
    expect(run([thu], at("2026-10-19"))).toEqual([]);
    expect(run([thu], at("2026-10-20"))[0]!.workingDaysElapsed).toBe(3);
  });

  it("over the National Day holiday: applied Sep 30, due on the adjusted workday Sat Oct 10", () => {
    const before = row({ applicationExternalId: "AP-4", appliedAt: at("2026-09-30") });
    expect(run([before], at("2026-10-09"), { calendar: china })).toEqual([]);
    expect(run([before], at("2026-10-10"), { calendar: china })[0]!.workingDaysElapsed).toBe(3);
  });

  it("a screened (or later) application is not unscreened", () => {
    for (const stage of ["screened", "interview", "offer", "rejected", "withdrawn"] as const)
      expect(run([row({ applicationExternalId: "AP-5", stage })], at("2026-10-30"))).toEqual([]);
  });
});

describe("a passed interview without an offer (default 2 working days)", () => {
  const passed = row({
    applicationExternalId: "AP-6",
    stage: "interview",
    passedInterviewAt: at("2026-10-16", "15:00"),
  });

  it("is due from the second working day after the interview (Friday → Tuesday)", () => {
    expect(run([passed], at("2026-10-19"))).toEqual([]);
    expect(run([passed], at("2026-10-20"))[0]).toMatchObject({
      cause: "interview_passed_no_offer",
      key: "stalled:interview_passed_no_offer:C-AP-6@J-1",
      since: at("2026-10-16", "15:00"),
      workingDaysElapsed: 2,
      thresholdDays: 2,
    });
  });

  it("also when the application is still at screened", () => {
    expect(run([{ ...passed, stage: "screened" }], at("2026-10-20"))).toHaveLength(1);
  });

  it("not once an offer exists, the application moved to offer or closed, or no interview passed", () => {
    expect(run([{ ...passed, offers: 1 }], at("2026-10-30"))).toEqual([]);
    for (const stage of ["offer", "accepted", "rejected", "withdrawn"] as const)
      expect(run([{ ...passed, stage }], at("2026-10-30"))).toEqual([]);
    expect(run([{ ...passed, passedInterviewAt: null }], at("2026-10-30"))).toEqual([]);
  });
});

describe("an accepted offer without a start date (default 2 working days)", () => {
  const accepted = row({
    applicationExternalId: "AP-7",
    stage: "accepted",
    acceptedOffer: { externalId: "OF-7", acceptedAt: at("2026-10-14"), startDate: null },
    offers: 1,
  });

  it("is due at exactly 2 working days after the acceptance, naming the offer", () => {
    expect(run([accepted], at("2026-10-15"))).toEqual([]);
    expect(run([accepted], at("2026-10-16"))[0]).toMatchObject({
      cause: "accepted_no_start_date",
      offerExternalId: "OF-7",
      since: at("2026-10-14"),
      workingDaysElapsed: 2,
    });
  });

  it("not with a start date, nor once onboarded", () => {
    expect(
      run([{ ...accepted, acceptedOffer: { ...accepted.acceptedOffer!, startDate: "2026-11-02" } }], at("2026-10-30")),
    ).toEqual([]);
    expect(run([{ ...accepted, stage: "onboarded" }], at("2026-10-30"))).toEqual([]);
  });
});

describe("once per candidate at an opening and cause", () => {
  const a = row({ applicationExternalId: "AP-8", candidate: { externalId: "C-8", name: "王磊" } });
  const b = row({
    applicationExternalId: "AP-9",
    candidate: { externalId: "C-8", name: "王磊" },
    opening: { externalId: "J-2", title: "空运销售" },
  });

  it("the key is stable across calls and differs by opening and cause", () => {
    const first = run([a, b], at("2026-10-20")).map((i) => i.key);
    expect(first).toEqual(["stalled:unscreened:C-8@J-1", "stalled:unscreened:C-8@J-2"]);
    expect(run([a, b], at("2026-10-23")).map((i) => i.key)).toEqual(first);
    expect(stalledKey("unscreened", "C-8", "J-1")).not.toBe(stalledKey("interview_passed_no_offer", "C-8", "J-1"));
  });

  it("items already sent are left out", () => {
    expect(run([a, b], at("2026-10-20"), { alreadySent: new Set(["stalled:unscreened:C-8@J-1"]) })).toEqual([
      expect.objectContaining({ key: "stalled:unscreened:C-8@J-2" }),
    ]);
  });

  it("orders passed interviews, then accepted offers, then unscreened; the longest-waiting first", () => {
    const rows = [
      row({ applicationExternalId: "U-new", appliedAt: at("2026-10-13") }),
      row({ applicationExternalId: "U-old", appliedAt: at("2026-10-05") }),
      row({
        applicationExternalId: "ACC",
        stage: "accepted",
        acceptedOffer: { externalId: "OF-X", acceptedAt: at("2026-10-12"), startDate: null },
      }),
      row({ applicationExternalId: "IV", stage: "interview", passedInterviewAt: at("2026-10-14") }),
    ];
    expect(run(rows, at("2026-10-20")).map((i) => i.applicationExternalId)).toEqual(["IV", "ACC", "U-old", "U-new"]);
  });
});

describe("settings", () => {
  it("defaults to PRODUCT.md's 2 / 3 / 2 working days", () => {
    expect(parseStalledSettings(new Map())).toEqual({
      interviewPassedDays: 2,
      unscreenedDays: 3,
      acceptedNoStartDays: 2,
    });
  });

  it("takes stored values and applies them", () => {
    const settings = parseStalledSettings(new Map([["stalled.unscreenedDays", 1]]));
    expect(settings).toEqual({ ...DEFAULT_STALLED_SETTINGS, unscreenedDays: 1 });
    const applied = row({ applicationExternalId: "AP-10", appliedAt: at("2026-10-12") });
    expect(stalledItems([applied], { calendar: plain, now: at("2026-10-13"), timezone: TZ, settings })).toHaveLength(1);
  });

  it.each([0, -1, 1.5, 61, "3"])("refuses %j, naming the key", (value) => {
    let error: RecruitError | undefined;
    try {
      parseStalledSettings(new Map([["stalled.interviewPassedDays", value]]));
    } catch (e) {
      error = e as RecruitError;
    }
    expect(error?.code).toBe("settings.invalid");
    expect(error?.params.key).toBe("stalled.interviewPassedDays");
    expect(error?.messageFor("zh-CN")).toContain("设置 stalled.interviewPassedDays 无效");
  });
});

describe("what counts as passed", () => {
  it.each(["passed", "Pass", " 通过 ", "已通过", "面试通过"])("%j is passed", (r) =>
    expect(isPassedResult(r)).toBe(true),
  );
  it.each(["failed", "待定", "", null, undefined])("%j is not", (r) => expect(isPassedResult(r)).toBe(false));
});
