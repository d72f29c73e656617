// Disputes in free text (docs/KPI-RULES.md "Disputes"): "这票不是我的 O123", "O123 不是我的，是李静的",
// "dispute O3 to E-B", and HR's "清除 O3 的归属更正" / "clear override O3". Checked before the
// keyword rules of parse.ts (like parse-limits.ts), so "订单" or "业绩" inside a dispute never pulls it
// into a details or progress answer. A complaint that names no order of the asker's
// ("我的业绩算错了", "I'm missing an order") is a dispute without an order: answered with how to
// dispute one and who to ask about missing data.
import type { Intent } from "./intents.ts";

/** The order's credit is claimed to be someone else's. */
const OWNERSHIP =
  /不是我的|不是我(?:签|谈|做)的|不属于我|分错|归属|申诉|争议|\bnot (?:mine|my (?:order|deal|shipment|sale|customer)s?)\b|\bisn ?t mine\b|\bdisput|\bwrong (?:owner|person|rep|salesperson|attribution)\b|\bmis-?attributed\b|\bbelongs to\b/u;
/** Other complaints about what was counted: no order to move, but the same topic. */
const COMPLAINT =
  /算错|记错|算到我|算给我|记到我名下|挂在.{0,8}名下|漏算|少算|多算|\bshould (?:be|count as) mine\b|\b(?:numbers?|score|revenue|kpi) (?:is|are) wrong\b|\bwrong (?:numbers?|score|revenue|kpi)\b|\bmissing (?:an? )?(?:order|deal|payment)\b/u;
/** HR taking an override back. */
const CLEAR =
  /(?:清除|取消|撤销|撤回|恢复|删除).{0,8}(?:归属|更正|覆盖|改判)|\b(?:clear|remove|undo|drop)\b.{0,12}\b(?:override|credit)\b|\brestore\b.{0,12}\bowner\b/u;

/**
 * An order id as the feeds write them: a letter first, letters, digits and dashes, at least one
 * digit ("O3", "O1-00001", "O-N1", "SO-2026001"), not inside a longer word.
 */
const ORDER_ID = /(?<![\w-])([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?![\w-])/g;

function orderIn(text: string): { id: string; end: number } | undefined {
  for (const m of text.matchAll(ORDER_ID))
    if (/\d/.test(m[1]!) && m[1]!.length <= 64) return { id: m[1]!, end: m.index + m[0].length };
  return undefined;
}
/** Who should have it, after the order: "是李静的", "应该是 E-B 的", "it's Li Jing's", "to E-B". */
const NAMED_ZH =
  /(?<!不)(?:应该是|应是|应该算|算给|转给|应该给|归给|属于|是|给)\s*([^\s的，,。；;!！?？]{1,40}?)\s*(?:的|$|[，,。；;!！?？])/u;
const NAMED_EN =
  /\b(?:it(?:'|’| )?s|it is|belongs to|should be|is|to|for)\s+([A-Za-z][\w .'-]{0,60}?)(?:'s|’s| s)?\s*$/u;
const NOT_A_NAME = /^(?:我|我们|mine|me|my|not|not mine|yours|the|a|an|it|this|that|wrong)$/iu;

/** Mentions as the adapters leave them (see parse.ts). */
const MENTION = /<@[A-Z0-9]+(?:\|[^>]*)?>|@_user_\d+/g;

function namedIn(rest: string): string | undefined {
  const zh = NAMED_ZH.exec(rest)?.[1];
  const en = NAMED_EN.exec(rest.replace(/[,.!?;:]+/g, " ").trim())?.[1];
  for (const found of [zh, en]) {
    const name = found?.trim();
    if (name && !NOT_A_NAME.test(name) && !OWNERSHIP.test(name) && !/\bmine\b/.test(name)) return name;
  }
  return undefined;
}

/**
 * The dispute intent in `text` (normalize()d, for matching) and `raw` (for the order id and the
 * name, whose case matters), with the chat id of a person mentioned in it; undefined when the
 * message is not about disputes.
 */
export function disputeIntentIn(text: string, raw: string, mention?: string): Intent | undefined {
  const original = raw
    .normalize("NFKC")
    .replace(MENTION, " ")
    .replace(/^\s*\/kpi\b/i, " ");
  const order = orderIn(original);
  if (CLEAR.test(text) && order) return { kind: "dispute_clear", order: order.id };
  if (OWNERSHIP.test(text)) {
    if (!order) return { kind: "dispute" };
    // A chat mention names the person exactly ("@李静" in Slack or Lark); else a name in the text.
    const to = mention ? `@${mention}` : namedIn(original.slice(order.end));
    return { kind: "dispute", order: order.id, ...(to ? { to } : {}) };
  }
  if (COMPLAINT.test(text)) return { kind: "dispute" };
  return undefined;
}
