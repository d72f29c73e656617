// The job registry as a specification: every job's settings and message kinds are declared in its
// own file, and together they are what `pacer config` and the worker know — none lost, none twice.
import { describe, expect, it } from "vitest";
import { findJob, findMessage, JOBS } from "../../jobs/registry.ts";
import { SETTING_SCHEMAS } from "../../src/worker/job-settings.ts";
import { checkContent, UnknownContentError } from "../../src/worker/message-content.ts";

describe("job registry", () => {
  it("lists each job once, by its id", () => {
    const ids = JOBS.map((j) => j.id);
    expect(ids).toEqual([
      "daily-progress",
      "weekly-leaderboard",
      "month-close",
      "month-end",
      "month-end-files",
      "hr-digest",
      "offer-nudges",
      "receivables",
      "stalled-nudges",
      "month-targets",
      "rating-requests",
      "high-potential",
      "motivation-survey",
    ]);
    for (const id of ids) expect(findJob(id)?.id).toBe(id);
    expect(findJob("no-such-job")).toBeUndefined();
  });

  it("knows every setting the jobs and the worker read (what `pacer config` validates)", () => {
    expect(Object.keys(SETTING_SCHEMAS).sort()).toEqual([
      "delivery.rateLimits",
      "leaderboard.channels",
      "leaderboard.topN",
      "ratings.lookbackDays",
      "receivables.topN",
      "schedule.daily",
      "schedule.highPotential",
      "schedule.hr",
      "schedule.monthClose",
      "schedule.monthEnd",
      "schedule.monthTargets",
      "schedule.offerNudges",
      "schedule.ratings",
      "schedule.receivables",
      "schedule.reports",
      "schedule.stalledNudges",
      "schedule.survey",
      "schedule.weekly",
    ]);
    expect(SETTING_SCHEMAS["schedule.daily"]!.safeParse({ time: "25:00" }).success).toBe(false);
    expect(SETTING_SCHEMAS["leaderboard.topN"]!.safeParse(0).success).toBe(false);
  });

  it("gives each message kind to exactly one job, keyed by its content type", () => {
    const owners = JOBS.flatMap((j) => Object.keys(j.messages).map((type) => `${type} ← ${j.id}`)).sort();
    expect(owners).toEqual([
      "final ← month-end",
      "high-potential ← high-potential",
      "hr-digest ← hr-digest",
      "hr-digest-stalled ← hr-digest",
      "leaderboard ← weekly-leaderboard",
      "milestone-alert ← hr-digest",
      "month-targets ← month-targets",
      "motivation-survey ← motivation-survey",
      "offer-nudge ← offer-nudges",
      "progress ← daily-progress",
      "rating-request ← rating-requests",
      "receivables ← receivables",
      "report-file ← month-end-files",
      "stalled-nudge ← stalled-nudges",
      "team-report ← month-end",
    ]);
    expect(findMessage("admin-notice")).toBeUndefined(); // the worker's own message
  });
});

describe("a delivery's content", () => {
  it("is checked by its kind's schema, with the kind's defaults applied", () => {
    expect(
      checkContent({ type: "leaderboard", teamId: 7, asOf: "2026-10-15T09:00:00+08:00", audience: "channel" }),
    ).toEqual({
      type: "leaderboard",
      teamId: 7,
      asOf: "2026-10-15T09:00:00+08:00",
      audience: "channel",
      privacy: "top_n",
      topN: 5,
    });
  });

  it("is refused when no job knows its type, or its kind's schema does not accept it", () => {
    expect(() => checkContent({ type: "horoscope" })).toThrow(UnknownContentError);
    expect(() => checkContent({ type: "progress", asOf: "yesterday" })).toThrow(/bad progress content/);
  });

  it("of the admin notice is the worker's own", () => {
    expect(
      checkContent({
        type: "admin-notice",
        run: "daily-progress.2026-10-15.0900",
        asOf: "2026-10-15T01:00:00Z",
        failed: [],
        unlinked: [],
      }),
    ).toMatchObject({ type: "admin-notice", notes: [] });
  });
});
