// Small pieces the card builders share: bilingual text composition, buttons carrying intents,
// tones, and the data-freshness context line.
import type { Intent } from "../../src/chat/intents.ts";
import { formatDateTime } from "../format.ts";
import { LOCALES, type Button, type ContextElement, type Locale, type Text, type Tone } from "../model.ts";

/** Builds a Text by running the same composition in each language. */
export function both(compose: (locale: Locale) => string): Text {
  const out = {} as Text;
  for (const locale of LOCALES) out[locale] = compose(locale);
  return out;
}

/** Joins texts language by language. */
export function joinText(parts: readonly Text[], separator: Text | string): Text {
  return both((l) => parts.map((p) => p[l]).join(typeof separator === "string" ? separator : separator[l]));
}

// Action ids are stable, letter-first and at most 20 characters (Lark's element-id limit), so both
// renderers can use them as they are.
const ACTION_ID = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;

export function button(
  actionId: string,
  label: Text,
  intent: Intent,
  extra: Pick<Button, "style" | "confirm"> = {},
): Button {
  if (!ACTION_ID.test(actionId))
    throw new RangeError(`action id ${JSON.stringify(actionId)} must be letter-first, [A-Za-z0-9_], ≤ 20 chars`);
  return { actionId, label, intent, ...extra };
}

/**
 * Tone of one metric: on or above target is good; behind but on pace is info (mid-month a cumulative
 * metric at 50 % can be exactly where it should be); behind pace within 80 % is a warning; further
 * behind is bad; no data or no target is neutral.
 */
export function achievementTone(
  achievement: string | null,
  options: { onTrack?: boolean | null; noData?: boolean } = {},
): Tone {
  if (options.noData || achievement === null) return "neutral";
  const a = Number(achievement); // for choosing a colour only; the figures shown are exact
  if (a >= 1) return "good";
  if (options.onTrack === true) return "info";
  if (a >= 0.8) return "warning";
  return "bad";
}

/** "数据更新于 10月20日 11:55 · 截至 10月20日 12:00（Asia/Shanghai）" and its English twin. */
export function freshnessContext(dataFreshness: string | null, asOf: string | Date, timezone: string): ContextElement {
  const asOfText = formatDateTime(asOf, timezone);
  const fresh = dataFreshness === null ? null : formatDateTime(dataFreshness, timezone, asOf);
  return {
    type: "context",
    text: both((l) =>
      l === "zh-CN"
        ? `${fresh ? `数据更新于 ${fresh[l]}` : "尚未导入数据"} · 截至 ${asOfText[l]}（${timezone}）`
        : `${fresh ? `Data updated ${fresh[l]}` : "No data imported yet"} · as of ${asOfText[l]} (${timezone})`,
    ),
  };
}
