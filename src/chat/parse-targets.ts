// Setting targets, in words: "设目标" / "set targets" asks for the targets card (next month's by
// default); "把王磊的目标改成50000" / "set Wang Lei's target to 50k" asks to change one person's
// target for one metric (confirmed on a card before it is saved). Checked before the keyword rules
// of parse.ts, so "目标" in a request to change one is never read as a progress question. Input is
// normalize()d text (lower case, half-width, punctuation as spaces, mentions removed).
import type { MetricKey } from "../kpi/metrics.ts";
import type { Intent } from "./intents.ts";

// Verbs that change something, Chinese and English.
const ZH_CHANGE = "(?:改|修改|更改|调整|调高|调低|上调|下调|提高|降低|设置|设定|设为|设成|重设|定为|定成|设|定)";
const EN_CHANGE_VERBS = "set|change|update|raise|lower|increase|decrease|adjust|edit|modify|reset|bump";
// An English verb counts only as the request itself ("change …", "can you change …"), not inside a
// question ("status update on my orders").
const EN_LEAD = "(?:^|\\b(?:please|pls|plz|can you|could you|would you|you|me|to|i|lets|let s|we|and|kpi)\\s)";
const EN_NOT_A_VERB = "(?!\\s(?:on|about|for|of)\\b)";
const EN_CHANGE = `${EN_LEAD}(?:${EN_CHANGE_VERBS})${EN_NOT_A_VERB}`;

/** A request about setting targets at all (with or without an amount). */
const ABOUT_TARGETS = new RegExp(
  [
    `${ZH_CHANGE}.{0,12}目标`,
    `目标.{0,6}${ZH_CHANGE}`,
    "下个?月的?目标",
    // "王磊 目标 50000", "目标=8万": a target with an amount is a change, not a progress question.
    // …but "目标100%了吗" asks whether it is reached.
    "目标(?:额|值)?\\s*(?:为|是|=)?\\s*\\d(?![\\d.,]*\\s*%)",
    `${EN_CHANGE}\\b.{0,30}\\b(?:target|targets|goal|goals|quota)\\b`,
    "\\b(?:target|targets|goal|quota)\\b.{0,20}\\bto \\d",
    "\\b(?:target|quota) (?:of |at |= ?|is |)\\d(?![\\d.,]*\\s*%)",
    "\\bnext month s? targets?\\b|\\btargets? for next month\\b",
  ].join("|"),
  "u",
);

/** "50000", "5,0000", "8万", "12.5w", "50k" → a plain decimal string; null when none. */
function amountIn(text: string): string | null {
  const m = /(\d[\d,]*(?:\.\d+)?)\s*(万|w\b|k\b|千)?(?![\d.]*\s*%)/u.exec(text);
  if (!m) return null;
  const digits = m[1]!.replace(/,/g, "");
  const scale = m[2] === "万" || m[2] === "w" ? 4 : m[2] === "k" || m[2] === "千" ? 3 : 0;
  if (scale === 0) return digits;
  const [whole, frac = ""] = digits.split(".");
  const padded = frac.padEnd(scale, "0");
  const out = `${whole}${padded.slice(0, scale)}${padded.length > scale ? `.${padded.slice(scale)}` : ""}`;
  return out.replace(/^0+(?=\d)/, "");
}

/** A metric named in the request; undefined: the person's first plan metric (decided by the core). */
const METRIC_WORDS: readonly [RegExp, MetricKey][] = [
  [/回款|collected|collections?/u, "collected_revenue"],
  [/毛利|gross profit/u, "gross_profit"],
  [/单票利润|profit per shipment/u, "profit_per_shipment"],
  [/票数|出货|shipments?/u, "shipments"],
  [/新客户|new customers?/u, "new_customers"],
  [/复购|repurchase/u, "repurchase_rate"],
  [/转化|conversion/u, "conversion_rate"],
  [/订单额|签单|booked|bookings?/u, "booked_revenue"],
];

/** Words that are not a person's name where one would stand. */
const NOT_A_NAME = /^(?:我|我的|本月|下个?月|这个月|团队|本组|请问|帮我)|设置|修改|团队|目标/u;
const NAME = "(?:(?!的)[\\p{Script=Han}·]){2,4}|[a-z]{1,4}-[a-z0-9]{1,8}";

/** Whose target: "把王磊的…", "王磊 目标 …", "change wang lei s target …"; "me" when none is named. */
function subjectIn(text: string, mention: string | undefined): string {
  if (mention) return `@${mention}`;
  const candidates = [
    new RegExp(`把\\s*(${NAME})\\s*(?:的|下个?月|本月|这个月)`, "u").exec(text)?.[1],
    new RegExp(`^(${NAME})\\s*的?\\s*(?:目标|target|quota)`, "u").exec(text)?.[1],
    /\b(?:set|change|update|raise|lower|adjust|edit)\s+([\p{L}\d .-]{2,40}?) s\s/u.exec(text)?.[1],
  ];
  const name = candidates.find((c) => c !== undefined && !NOT_A_NAME.test(c.trim()) && !/^(?:my|the|our)\b/.test(c));
  return name?.trim() ?? "me";
}

/** "下个月", "next month": the month after `now`; else an explicit "2026-12"; else undefined. */
function periodIn(text: string, now: { year: number; month: number } | undefined): string | undefined {
  const explicit = /\b(\d{4})-(0[1-9]|1[0-2])\b/.exec(text);
  if (explicit) return `${explicit[1]}-${explicit[2]}`;
  if (!now) return undefined;
  const shift = /下个?月|\bnext month\b/.test(text) ? 1 : /本月|这个月|\bthis month\b/.test(text) ? 0 : null;
  if (shift === null) return undefined;
  const index = now.year * 12 + (now.month - 1) + shift;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** A targets intent for `text`, or undefined when it is not about setting targets. */
export function targetIntent(
  text: string,
  options: { mention?: string; now?: { year: number; month: number } },
): Intent | undefined {
  if (!ABOUT_TARGETS.test(text)) return undefined;
  // A team's goal is not a person's target: the team's targets card is the place to start.
  if (/团队目标|\bteam (?:goal|target)s?\b/u.test(text)) return { kind: "targets" };
  const period = periodIn(text, options.now);
  // The amount is read after the word "target" (so "王磊2号" or a month is not taken for it).
  const after = /(?:目标|target|quota|goal)(.*)$/u.exec(text)?.[1] ?? "";
  const value = amountIn(after.replace(/\b\d{4}-\d{2}\b/g, " "));
  if (value !== null) {
    const metric = METRIC_WORDS.find(([re]) => re.test(text))?.[1];
    return {
      kind: "target_change",
      query: subjectIn(text, options.mention),
      value,
      ...(metric ? { metric } : {}),
      ...(period ? { period } : {}),
    };
  }
  // "设目标 华东销售组" / "set targets T-EAST": that team's card.
  const team = /^(?:设目标|设置目标|定目标|set targets?|targets)\s+(?!for\b|next\b|下)(.+)$/u.exec(text)?.[1];
  return { kind: "targets", ...(period ? { period } : {}), ...(team ? { team: team.trim() } : {}) };
}
