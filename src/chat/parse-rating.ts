// "给订单O2评分5分 沟通及时", "rate O2 4 great teamwork": a colleague rating the salesperson on an
// order, with an optional comment. Recognised on the normalize()d text (before the honest limits
// and the keyword rules, so "订单" or "评分" does not pull it into details or progress); the order id,
// the score and the comment are read from the text as typed (ids keep their case, comments their
// punctuation).
import type { IntentOf } from "./intents.ts";

const RATE = new RegExp(
  [
    // 给 … 评分 / 打分 / 打星 / 评5分 (not "给我看…")
    "给(?!我看|我查|我瞧|我列)[^看查]{0,16}(?:评分|打分|评价|打星|评\\s*\\d+\\s*[分星])",
    "(?:评|打)\\s*(?:\\d+|个|[一二三四五])\\s*[分星]",
    // "评分 O2 5", "rate O2 4 …", "rate order 10023": the verb, then an order id
    "^(?:评分|打分|评价|rate)\\s+(?:order\\s+|订单\\s*)?#?[a-z]{0,6}-?\\d",
    "(?:^|\\b(?:please|pls|can you|could you|i want to|let me|me|to|and) )rate\\b.{0,20}\\b(?:order|orders|shipment|deal|this|that|it|[a-z]{1,6}-?\\d[\\w-]*)\\b",
    "\\bgive\\b.{0,20}\\b\\d (?:stars?|points?)\\b",
    "\\b\\d stars?\\b",
  ].join("|"),
  "u",
);

const MENTION = /<@[A-Z0-9]+(?:\|[^>]*)?>|@_user_\d+/g;
// After "订单"/"order": an id with a digit that is more than a lone score ("rate this order 5").
const AFTER_KEYWORD = /(?:订单|单号|\border)\s*(?:no\.?|number|#)?\s*([A-Za-z0-9][A-Za-z0-9_.-]*)/iu;
// Anywhere: letters then a digit, "O2", "RX-7-01", "o1-00001".
const BARE_ID = /(?<![A-Za-z0-9])([A-Za-z]{1,6}-?\d[A-Za-z0-9_-]*)/u;
const ZH_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };
// The score and its unit: "5分", "五星", "4 stars", "3/5", "a 3", "4".
const SCORE =
  /(?<![\d.])([1-5]|[一二两三四五])(?![\d.])\s*(?:分|星|颗星|stars?|points?|\/\s*5)?(?![\p{Script=Han}]{0,1}(?:月|号|日|天))/iu;
// Words that only introduce the comment.
const COMMENT_LABEL = /^(?:[\s,，。.:：;；!！、~-]|备注|评语|评论|留言|说明|comment|note|because|since)+/iu;

const looksLikeId = (id: string): boolean => /\d/.test(id) && (/[A-Za-z]/.test(id) || id.length >= 3);

/** A rating request in `text` (normalized) / `raw` (as typed), or undefined when it is not one. */
export function rateOrderIn(text: string, raw: string): IntentOf<"rate_order"> | undefined {
  if (!RATE.test(text)) return undefined;
  const asTyped = raw.replace(MENTION, " ").replace(/^\s*\/kpi\b/i, " ");
  const typed = asTyped.normalize("NFKC");
  const keyed = AFTER_KEYWORD.exec(typed);
  const match = keyed && looksLikeId(keyed[1]!) ? keyed : BARE_ID.exec(typed);
  if (!match) return { kind: "rate_order" };
  const order = match[1]!.replace(/[.-]+$/, "");
  // The score is looked for after the id ("O2 4", "给O2打5分"), else before it ("评5分给O2").
  const afterId = typed.slice(match.index + match[0].length);
  let scored = SCORE.exec(afterId);
  let rest = scored ? afterId.slice(scored.index + scored[0].length) : "";
  if (!scored) {
    scored = SCORE.exec(typed.slice(0, match.index));
    rest = afterId;
  }
  if (!scored) return { kind: "rate_order", order };
  const score = ZH_DIGITS[scored[1]!] ?? Number(scored[1]);
  // The comment as typed (full-width punctuation kept) when NFKC kept the length, as it does for
  // everything but rare compatibility characters.
  const said = asTyped.length === typed.length ? asTyped.slice(typed.length - rest.length) : rest;
  const comment = said.replace(COMMENT_LABEL, "").trim().slice(0, 1000);
  return { kind: "rate_order", order, score, ...(comment ? { comment } : {}) };
}
