// Card → Block Kit: every Slack limit holds whatever the card holds (Slack refuses the whole
// message otherwise), nothing is lost silently when it can be split, and the card's figures and
// button intents arrive intact.
import { describe, expect, it } from "vitest";
import type { types } from "@slack/bolt";
import type { Button, Card, CardElement } from "../../cards/model.ts";
import { detailsCard, helpCard, leaderboardCard, progressCard, unpaidCard } from "../../cards/index.ts";
import { deserializeIntent, serializeIntent, type Intent } from "../../src/chat/intents.ts";
import { slackBlocksError } from "../helpers/fake-slack.ts";
import {
  blocksTextLength,
  escapeMrkdwn,
  renderSlackHome,
  renderSlackMessage,
  SLACK_LIMITS,
  truncate,
} from "../../src/slack/render.ts";
import {
  bigLeaderboard,
  COURSE,
  eastLeaderboard,
  explanation,
  TZ,
  unpaid,
  wangLeiProgress,
} from "../cards/fixtures.ts";

type Block = types.KnownBlock;

/** Every limit of the Block Kit reference the renderer promises; returns the violations found. */
function violations(blocks: Block[], maxBlocks: number): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => ok || out.push(what);
  const textOk = (t: { text: string } | undefined, max: number, where: string) => {
    check(t !== undefined && t.text.length >= 1, `${where}: empty text`);
    check((t?.text.length ?? 0) <= max, `${where}: ${t?.text.length} > ${max}`);
  };
  check(blocks.length <= maxBlocks, `${blocks.length} blocks > ${maxBlocks}`);
  const actionIds = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `blocks[${i}] ${b.type}`;
    switch (b.type) {
      case "header":
        check(b.text.type === "plain_text", `${at}: header must be plain_text`);
        textOk(b.text, SLACK_LIMITS.headerText, at);
        break;
      case "section":
        check(b.text !== undefined || (b.fields?.length ?? 0) > 0, `${at}: neither text nor fields`);
        if (b.text) textOk(b.text, SLACK_LIMITS.sectionText, at);
        check((b.fields?.length ?? 0) <= SLACK_LIMITS.sectionFields, `${at}: ${b.fields?.length} fields`);
        b.fields?.forEach((f, j) => textOk(f, SLACK_LIMITS.fieldText, `${at}.fields[${j}]`));
        break;
      case "context":
        check(
          b.elements.length >= 1 && b.elements.length <= SLACK_LIMITS.contextElements,
          `${at}: ${b.elements.length} elements`,
        );
        b.elements.forEach((e, j) => textOk(e as { text: string }, SLACK_LIMITS.contextText, `${at}.elements[${j}]`));
        break;
      case "actions":
        check(
          b.elements.length >= 1 && b.elements.length <= SLACK_LIMITS.actionsElements,
          `${at}: ${b.elements.length} elements`,
        );
        for (const e of b.elements as types.Button[]) {
          textOk(e.text, SLACK_LIMITS.buttonText, `${at} button`);
          check((e.value ?? "").length <= SLACK_LIMITS.buttonValue, `${at}: value ${e.value?.length}`);
          check(e.action_id !== undefined && e.action_id.length <= SLACK_LIMITS.actionId, `${at}: action_id`);
          check(!actionIds.has(e.action_id!), `${at}: duplicate action_id ${e.action_id}`);
          actionIds.add(e.action_id!);
          if (e.confirm) {
            textOk(e.confirm.title, SLACK_LIMITS.confirmTitle, `${at} confirm title`);
            textOk(e.confirm.text, SLACK_LIMITS.confirmText, `${at} confirm text`);
            textOk(e.confirm.confirm, SLACK_LIMITS.confirmButton, `${at} confirm ok`);
            textOk(e.confirm.deny, SLACK_LIMITS.confirmButton, `${at} confirm deny`);
          }
        }
        break;
      case "divider":
        break;
      default:
        out.push(`${at}: unexpected block type`);
    }
  });
  return out;
}

const sectionTexts = (blocks: Block[]) =>
  blocks
    .flatMap((b) => (b.type === "section" ? [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)] : []))
    .join("\n");
const allTexts = (blocks: Block[]) => JSON.stringify(blocks);
const card = (elements: CardElement[], title = "Title"): Card => ({
  header: { title: { "zh-CN": title, en: title }, tone: "info" },
  elements,
  summary: { "zh-CN": "摘要", en: "summary" },
});
const t = (s: string) => ({ "zh-CN": s, en: s });
const btn = (actionId: string, label = "Go", intent: Intent = { kind: "help" }): Button => ({
  actionId,
  label: t(label),
  intent,
});

describe("renderSlackMessage: the card's content", () => {
  const message = renderSlackMessage(
    progressCard(wangLeiProgress(), { recommendation: COURSE, viewer: "self", showButtons: true }),
    "zh-CN",
  );

  it("uses the card's summary as the notification text", () => {
    expect(message.text).toBe("王磊 2026年10月：总分 92.83，第1名 / 3；回款 ¥35,000.00 / ¥40,000.00");
  });

  it("shows the header, the tone and the figures, with progress as a text bar", () => {
    expect(message.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "王磊 · 2026年10月业绩", emoji: true },
    });
    expect(allTexts(message.blocks)).toContain(":large_green_circle: 总分 92.83 · 第1名 / 3");
    const body = sectionTexts(message.blocks);
    expect(body).toContain("*回款（权重 40）*\n`▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓░░` ¥35,000.00 / ¥40,000.00 · 87.5% · 35.00 分");
    expect(body).toContain("*差距（回款）*\n¥5,000.00");
    expect(body).toContain("*每个剩余工作日需完成*\n¥555.56");
  });

  it("renders the chart as its text fallback under its title", () => {
    expect(sectionTexts(message.blocks)).toContain(
      "*各指标达成率*\n回款 87.5%，复购率 83.3%，单票毛利 85.0%，协作评分 100.0%（目标 100%）",
    );
  });

  it("keeps every button's intent and id, in the user's language", () => {
    const actions = message.blocks.filter((b): b is types.ActionsBlock => b.type === "actions");
    const buttons = actions.flatMap((a) => a.elements as types.Button[]);
    expect(buttons.map((b) => [b.action_id, b.text.text, b.style])).toEqual([
      ["details", "明细", "primary"],
      ["unpaid", "未回款", undefined],
      ["leaderboard", "团队排名", undefined],
      ["prev_period", "上个月", undefined],
    ]);
    expect(deserializeIntent(buttons[0]!.value!)).toEqual({
      kind: "details",
      period: "2026-10",
      metric: "collected_revenue",
      page: 1,
    });
  });

  it("renders in English too", () => {
    const en = renderSlackMessage(progressCard(wangLeiProgress(), { viewer: "self", showButtons: true }), "en");
    expect(en.text).toContain("total 92.83, #1 of 3");
    expect(sectionTexts(en.blocks)).toContain("*Gap (Collected revenue)*\n¥5,000.00 (5K)");
  });

  it("puts tables in monospace code blocks with aligned columns", () => {
    const blocks = renderSlackMessage(leaderboardCard(eastLeaderboard(), { audience: "manager" }), "en").blocks;
    const table = blocks.find(
      (b): b is types.SectionBlock => b.type === "section" && (b.text?.text.startsWith("```") ?? false),
    )!.text!.text;
    expect(table.split("\n").slice(0, 4)).toEqual([
      "```",
      "Rank  Name  Score          Headline metric  vs last week  Pace",
      "────  ────  ─────  ───────────────────────  ────────────  ───────────",
      "   1  王磊  92.83  Collected revenue 87.5%        +20.00  on pace",
    ]);
  });

  it.each([
    ["progress", progressCard(wangLeiProgress(), { recommendation: COURSE, viewer: "manager", showButtons: true })],
    [
      "details",
      detailsCard(explanation("collected_revenue", { page: 2, total: 80 }), { timezone: TZ, currency: "CNY" }),
    ],
    ["unpaid", unpaidCard(unpaid(), { timezone: TZ, currency: "CNY" })],
    ["help", helpCard({ didNotUnderstand: "<script>&" })],
  ])("produces a valid message for the %s card in both languages", (_name, c) => {
    for (const locale of ["zh-CN", "en"] as const)
      expect(violations(renderSlackMessage(c, locale).blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
  });
});

describe("renderSlackMessage: within every Block Kit limit, whatever the input", () => {
  it("shows a 300-row leaderboard a page at a time, each page within Slack's limits, and loses no one", () => {
    for (const audience of ["manager", "member"] as const) {
      const board = bigLeaderboard(300);
      let body = "";
      for (let page = 1; page <= 6; page++) {
        const { blocks } = renderSlackMessage(leaderboardCard(board, { audience, page }), "zh-CN");
        expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
        expect(slackBlocksError(blocks), `${audience} page ${page}`).toBeNull();
        expect(allTexts(blocks)).not.toContain("Some content was left out");
        const tables = blocks.filter((b) => b.type === "section" && b.text?.text.startsWith("```"));
        // Each piece repeats the column header and is a closed code block.
        for (const s of tables)
          expect((s as types.SectionBlock).text!.text).toMatch(/^```\n排名 {2}姓名[^\n]*\n─+[\s─]*\n[\s\S]*\n```$/);
        body += tables.map((s) => (s as types.SectionBlock).text!.text).join("\n");
        // Paging buttons carry the leaderboard intent with the page next to this one.
        const pages = blocks
          .flatMap((b) => (b.type === "actions" ? (b.elements as types.Button[]) : []))
          .filter((e) => e.action_id?.startsWith("page_"))
          .map((e) => deserializeIntent(e.value!));
        expect(pages).toEqual([
          ...(page > 1
            ? [{ kind: "leaderboard", period: board.period, team: board.team.externalId, page: page - 1 }]
            : []),
          ...(page < 6
            ? [{ kind: "leaderboard", period: board.period, team: board.team.externalId, page: page + 1 }]
            : []),
        ]);
      }
      for (const r of board.rows) expect(body, r.name).toContain(r.name);
    }
  });

  it("splits a 5,000-character text into sections that add up to the whole", () => {
    const long = Array.from({ length: 100 }, (_, i) =>
      `第${i}行：这是一段很长的说明文字，用来测试分段。`.padEnd(49, "。"),
    ).join("\n");
    expect(long.length).toBeGreaterThan(4900);
    for (const markdown of [false, true]) {
      const { blocks } = renderSlackMessage(card([{ type: "text", text: t(long), markdown }]), "en");
      expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
      const sections = blocks.filter((b): b is types.SectionBlock => b.type === "section");
      expect(sections.length).toBe(2);
      expect(sections.map((s) => s.text!.text).join("\n")).toBe(long);
    }
  });

  it("cuts a single 5,000-character line without a break into pieces, too", () => {
    const line = "x".repeat(5000);
    const { blocks } = renderSlackMessage(card([{ type: "text", text: t(line) }]), "en");
    expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
    expect(
      blocks
        .filter((b) => b.type === "section")
        .map((b) => (b as types.SectionBlock).text!.text)
        .join(""),
    ).toBe(line);
  });

  it("truncates an over-long header, field, context and button label with an ellipsis", () => {
    const c = card(
      [
        { type: "fields", fields: [{ label: t("L"), value: t("v".repeat(2500)) }] },
        { type: "context", text: t("c".repeat(3500)) },
        { type: "actions", buttons: [btn("b", "label ".repeat(30))] },
      ],
      "标题".repeat(100),
    );
    const { blocks } = renderSlackMessage(c, "zh-CN");
    expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
    const header = blocks[0] as types.HeaderBlock;
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text.endsWith("…")).toBe(true);
    const button = (blocks.find((b) => b.type === "actions") as types.ActionsBlock).elements[0] as types.Button;
    expect(button.text.text.length).toBe(75);
    expect(button.text.text.endsWith("…")).toBe(true);
  });

  it("spreads more than 10 fields over several sections", () => {
    const fields = Array.from({ length: 25 }, (_, i) => ({ label: t(`label ${i}`), value: t(`value ${i}`) }));
    const { blocks } = renderSlackMessage(card([{ type: "fields", fields }]), "en");
    expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
    const sections = blocks.filter((b): b is types.SectionBlock => b.type === "section");
    expect(sections.map((s) => s.fields!.length)).toEqual([10, 10, 5]);
  });

  it("spreads more than 25 buttons over several action blocks, with unique action ids", () => {
    const buttons = Array.from({ length: 60 }, (_, i) => btn(i % 2 ? "same" : `b${i}`));
    const { blocks } = renderSlackMessage(card([{ type: "actions", buttons }]), "en");
    expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
    const actions = blocks.filter((b): b is types.ActionsBlock => b.type === "actions");
    expect(actions.map((a) => a.elements.length)).toEqual([25, 25, 10]);
    expect(
      actions
        .flatMap((a) => a.elements as types.Button[])
        .filter((b) => b.action_id!.startsWith("same"))
        .map((b) => b.action_id)
        .slice(0, 3),
    ).toEqual(["same", "same_2", "same_3"]);
  });

  it("leaves out a button whose intent does not fit Slack's value, rather than send it broken", () => {
    const big: Intent = { kind: "unknown", text: "y".repeat(1995) };
    expect(serializeIntent(big).length).toBeGreaterThan(2000);
    const { blocks } = renderSlackMessage(
      card([{ type: "actions", buttons: [btn("ok"), btn("toolong", "Big", big)] }]),
      "en",
    );
    const ids = blocks.flatMap((b) =>
      b.type === "actions" ? (b.elements as types.Button[]).map((e) => e.action_id) : [],
    );
    expect(ids).toEqual(["ok"]);
  });

  it("keeps at most 50 blocks, the buttons among them, and says content was left out", () => {
    const elements: CardElement[] = [
      ...Array.from({ length: 80 }, (_, i): CardElement => ({ type: "text", text: t(`paragraph ${i}`) })),
      { type: "actions", buttons: [btn("next")] },
    ];
    const { blocks } = renderSlackMessage(card(elements), "en");
    expect(blocks).toHaveLength(50);
    expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
    expect(blocks.at(-1)!.type).toBe("actions");
    expect(JSON.stringify(blocks.at(-2))).toContain("Some content was left out");
    expect(blocks[0]!.type).toBe("header");
  });

  it("keeps a message's block text under Slack's ~12,000-character total (msg_blocks_too_long), buttons kept", () => {
    const elements: CardElement[] = [
      ...Array.from({ length: 10 }, (_, i): CardElement => ({ type: "text", text: t(`${i}`.repeat(2000)) })),
      { type: "actions", buttons: [btn("next")] },
    ];
    const { blocks } = renderSlackMessage(card(elements), "en");
    expect(slackBlocksError(blocks)).toBeNull();
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
    expect(blocks.at(-1)!.type).toBe("actions");
    expect(JSON.stringify(blocks.at(-2))).toContain("Some content was left out");
    expect(sectionTexts(blocks)).toContain("0".repeat(2000));
  });

  it("puts no more than 10 elements in a context block", () => {
    const elements = Array.from({ length: 12 }, (_, i): CardElement => ({ type: "context", text: t(`note ${i}`) }));
    const { blocks } = renderSlackMessage(card(elements), "en");
    expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
    expect(blocks.filter((b): b is types.ContextBlock => b.type === "context").map((b) => b.elements.length)).toEqual([
      10, 2,
    ]);
  });

  it("escapes Slack's control characters in mrkdwn and leaves plain text as typed", () => {
    const c = card([
      { type: "fields", fields: [{ label: t("Customer"), value: t("<@U123> & <!channel>") }] },
      { type: "text", text: t("A&B <co>") },
    ]);
    const { blocks, text } = renderSlackMessage({ ...c, summary: t("<!here> & co") }, "en");
    expect(sectionTexts(blocks)).toContain("&lt;@U123&gt; &amp; &lt;!channel&gt;");
    expect(sectionTexts(blocks)).toContain("A&B <co>");
    expect(text).toBe("&lt;!here&gt; &amp; co");
  });

  it("confirm dialogs keep to their own limits", () => {
    const confirm = {
      title: t("T".repeat(150)),
      text: t("X".repeat(400)),
      ok: t("O".repeat(40)),
      cancel: t("C".repeat(40)),
    };
    const { blocks } = renderSlackMessage(
      card([{ type: "actions", buttons: [{ ...btn("danger"), style: "danger", confirm }] }]),
      "en",
    );
    expect(violations(blocks, SLACK_LIMITS.messageBlocks)).toEqual([]);
  });
});

describe("truncate and escape", () => {
  it("never splits a surrogate pair or an entity", () => {
    expect(truncate("ab😀cd", 4)).toBe("ab…");
    expect(truncate(escapeMrkdwn("a & b"), 5)).toBe("a …");
    expect(truncate("short", 10)).toBe("short");
  });
});

describe("renderSlackHome", () => {
  it("is a home view of at most 100 blocks, keeping the buttons", () => {
    const elements: CardElement[] = [
      ...Array.from({ length: 150 }, (_, i): CardElement => ({ type: "text", text: t(`paragraph ${i}`) })),
      { type: "actions", buttons: [btn("next")] },
    ];
    const view = renderSlackHome(card(elements), "en");
    expect(view.type).toBe("home");
    expect(view.blocks).toHaveLength(SLACK_LIMITS.homeBlocks);
    expect(violations(view.blocks as Block[], SLACK_LIMITS.homeBlocks)).toEqual([]);
    expect(view.blocks.at(-1)!.type).toBe("actions");
  });

  it("has room for a long team on the home tab that a message would cut", () => {
    const board = leaderboardCard(bigLeaderboard(2000), { audience: "manager", pageSize: 2000 });
    const view = renderSlackHome(board, "en");
    expect(violations(view.blocks as Block[], SLACK_LIMITS.homeBlocks)).toEqual([]);
    expect(view.blocks.length).toBeGreaterThan(SLACK_LIMITS.messageBlocks);
    const message = renderSlackMessage(board, "en").blocks;
    expect(message.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    expect(allTexts(message)).toContain("Some content was left out");
  });

  it("shows the personal dashboard as the progress card", () => {
    const view = renderSlackHome(progressCard(wangLeiProgress(), { viewer: "self", showButtons: true }), "zh-CN");
    expect(JSON.stringify(view.blocks)).toContain("¥35,000.00 / ¥40,000.00");
  });
});
