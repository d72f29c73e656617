// The stalled-pipeline card (pure): nothing stalled, only some causes, and more rows than a chat
// card should show — in both languages.
import { describe, expect, it } from "vitest";
import { stalledCard, type StalledCardItem } from "../../cards/builders/stalled.ts";

const TZ = "Asia/Shanghai";
const NOW = new Date("2026-10-20T02:00:00Z");

const unscreened = (i: number): StalledCardItem => ({
  cause: "unscreened",
  applicationExternalId: `AP-${i}`,
  candidate: { externalId: `C-${i}`, name: `候选人${i}` },
  opening: { externalId: "J-1", title: "海运销售代表" },
  hiringManager: { externalId: "E-M1", name: "李强" },
  since: new Date(NOW.getTime() - (i + 3) * 86_400_000),
  workingDaysElapsed: 3 + i,
  thresholdDays: 3,
});

describe("stalled card", () => {
  it("says so when nothing is stalled", () => {
    const card = stalledCard([], { timezone: TZ, generatedAt: NOW });
    expect(card.header).toEqual({ title: { "zh-CN": "招聘流程无卡点", en: "No stalled candidates" }, tone: "good" });
    expect(card.elements.filter((e) => e.type === "table")).toEqual([]);
    expect(card.elements.at(-1)).toEqual({
      type: "context",
      text: {
        "zh-CN": "截至 10月20日 10:00（Asia/Shanghai）· 按工作日计算 · 每位候选人每种情况只提醒一次",
        en: "As of Oct 20, 10:00 (Asia/Shanghai) · counted in working days · each candidate is flagged once per cause",
      },
    });
  });

  it("shows only the causes present, one candidate in the singular", () => {
    const card = stalledCard([unscreened(1)], { timezone: TZ, generatedAt: NOW });
    expect(card.header.title).toEqual({ "zh-CN": "1 位候选人卡在招聘流程中", en: "1 candidate is stalled" });
    expect(card.elements[0]).toEqual({
      type: "text",
      markdown: true,
      text: {
        "zh-CN": "*投递后尚未初筛* (1) — 请完成初筛（通过或不通过）。",
        en: "*Applied, not screened* (1) — Screen the application (advance or reject).",
      },
    });
    expect(card.elements.filter((e) => e.type === "divider")).toEqual([]);
  });

  it("lists at most maxRowsPerCause rows and counts the rest", () => {
    const items = Array.from({ length: 7 }, (_, i) => unscreened(i + 1));
    const card = stalledCard(items, { timezone: TZ, generatedAt: NOW, maxRowsPerCause: 5 });
    const table = card.elements.find((e) => e.type === "table");
    expect(table?.type === "table" && table.rows.map((r) => r.candidate!.en)).toEqual([
      "候选人1",
      "候选人2",
      "候选人3",
      "候选人4",
      "候选人5",
    ]);
    expect(card.elements).toContainEqual({
      type: "context",
      text: { "zh-CN": "另有 2 位未列出", en: "and 2 more not listed" },
    });
    expect(card.summary).toEqual({
      "zh-CN": "招聘卡点：投递后尚未初筛 7",
      en: "Stalled pipeline: Applied, not screened 7",
    });
  });
});
