// What the HR cards share: their size limits, list joining and date/number wording.
import { formatDateTime, formatLocalDate } from "../../format.ts";
import { same, text, type Text } from "../../model.ts";
import { joinText } from "../common.ts";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Offers listed on the offers card (Lark's 30 KB bilingual card decides; see offers.ts); the rest are counted. */
export const MAX_OFFERS_SHOWN = 6;
/** New hires listed on the onboarding card. */
export const MAX_NEW_HIRES_SHOWN = 12;
/** Candidates an opening's ranking lists by default, and at most. */
export const DEFAULT_SCREENING_LIMIT = 10;
export const MAX_SCREENING_LIMIT = 20;
/** Lines per section of the HR digest. */
export const DIGEST_LINES = 8;
/** Days the offers card's "extend" button adds (the service allows 1–14). */
export const EXTEND_DAYS = 3;
/** Snippets shown per keyword on the candidate card (counted and not counted, each). */
export const SNIPPETS_SHOWN = 2;

export const ZH_LIST = "、";
export const EN_LIST = ", ";

/** "、" between Chinese list items, ", " between English ones. */
export const list = (items: readonly Text[]): Text => joinText(items, text(ZH_LIST, EN_LIST));
export const plural = (n: number, one: string, many: string = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A stored local date, with its year only when it is not `reference`'s year. */
export const localDay = (date: string, reference: string) =>
  formatLocalDate(date, { year: date.slice(0, 4) !== reference.slice(0, 4) });
export const percentText = (p: number | null): Text => (p === null ? text("无", "none") : same(`${p.toFixed(1)}%`));
export const threshold = (n: number): Text => text(`${n} 分`, `${n} pts`);

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The local clock time of an instant: "09:30" (the tail of formatDateTime's wording). */
export function clockTime(instant: Date | string, timezone: string): string {
  const en = formatDateTime(instant, timezone).en;
  return /(\d{2}:\d{2})$/.exec(en)?.[1] ?? en;
}
