// When a receivables snooze ends: the start of the local day a week later, in the organization's
// time zone — so the next weekly message on that day shows the order again.
import { describe, expect, it } from "vitest";
import { SNOOZE_REASONS, snoozeUntil } from "../../src/kpi/receivables.ts";

describe("a snooze", () => {
  it("ends at local midnight a week after the local day it was made", () => {
    // Monday 12 October 2026, 15:20 in Shanghai.
    expect(snoozeUntil(new Date("2026-10-12T07:20:00Z"), "Asia/Shanghai")).toEqual({
      until: new Date("2026-10-19T00:00:00+08:00"),
      date: "2026-10-19",
    });
  });

  it("counts the week from the local day, not the UTC one", () => {
    // 00:30 Tuesday in Shanghai is still Monday in UTC: the snooze ends the next Tuesday.
    expect(snoozeUntil(new Date("2026-10-12T16:30:00Z"), "Asia/Shanghai").date).toBe("2026-10-20");
    expect(snoozeUntil(new Date("2026-10-12T16:30:00Z"), "UTC").date).toBe("2026-10-19");
  });

  it("has the card's reasons, in the card's order", () => {
    expect(SNOOZE_REASONS).toEqual(["promised", "disputed", "partial", "other"]);
  });
});
