// Bilingual number, date and text-width formatting for cards.
//
// Every figure arrives as an exact decimal string from the services ("35000.00", "0.8750") and is
// formatted with exact arithmetic (./decimal.ts, scaled bigints): a JS float never decides a shown digit.
// Money is written with thousands separators, two decimals and the currency symbol
// (¥35,000.00); a compact form (3.5万 / 35K) may be added beside it, never instead.
import { belowPowerOfTen, decimalSign, roundDecimal } from "./decimal.ts";
import type { MetricKey } from "../src/kpi/metrics.ts";
import { metricUnit } from "./metrics.ts";
import { same, text, type Locale, type Text } from "./model.ts";

// How a metric reads (label, unit) is the cards' own table; builders import it from here too.
export { metricLabelText, metricUnit, type MetricUnit } from "./metrics.ts";

/** A metric without data ("none" in the results). */
export const NONE: Text = text("无数据", "none");

// ─── Numbers ─────────────────────────────────────────────────────────────────────────────────────

const SYMBOLS: Readonly<Record<string, string>> = { CNY: "¥", USD: "$", EUR: "€" };

/** "¥" for CNY, "$" for USD, "€" for EUR; any other ISO code is written out with a space ("GBP "). */
export function currencyPrefix(code: string): string {
  const upper = code.toUpperCase();
  return SYMBOLS[upper] ?? `${upper} `;
}

/** "-35000.00" → "-35,000.00": commas every three digits of the integer part, the rest untouched. */
export function groupThousands(fixed: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(fixed);
  if (!m) throw new RangeError(`groupThousands: not a plain decimal: ${JSON.stringify(fixed)}`);
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}`;
}

/** An exact decimal rounded (half away from zero) to `places` and grouped: "1234.567" → "1,234.57". */
export function formatDecimal(value: string, places: number): string {
  return groupThousands(roundDecimal(value, places));
}

/** Money in both languages alike: "¥35,000.00", "-¥2,500.00", "GBP 1,000.00". */
export function moneyString(value: string, currency: string): string {
  const fixed = formatDecimal(value, 2);
  const negative = fixed.startsWith("-");
  return `${negative ? "-" : ""}${currencyPrefix(currency)}${negative ? fixed.slice(1) : fixed}`;
}

// Compact units, largest first, as powers of ten. The Chinese scale is 万 (10⁴) and 亿 (10⁸); the
// English one K/M/B.
const COMPACT_UNITS: Readonly<Record<Locale, readonly { suffix: string; exponent: number }[]>> = {
  "zh-CN": [
    { suffix: "亿", exponent: 8 },
    { suffix: "万", exponent: 4 },
  ],
  en: [
    { suffix: "B", exponent: 9 },
    { suffix: "M", exponent: 6 },
    { suffix: "K", exponent: 3 },
  ],
};

/**
 * A short approximate form, one decimal at most: "35000" → "3.5万" / "35K", "120000000" → "1.2亿" /
 * "120M". Null below the smallest unit (1万 / 1K), where the exact figure is already short.
 */
export function compactNumber(value: string, locale: Locale): string | null {
  const units = COMPACT_UNITS[locale];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (belowPowerOfTen(value, unit.exponent)) continue;
    let shown = roundDecimal(value, 1, -unit.exponent);
    let suffix = unit.suffix;
    // Rounding can reach the next unit: 9,999.96万 would print as "10000.0万"; say "1亿" instead.
    const larger = units[i - 1];
    if (larger && !belowPowerOfTen(shown, larger.exponent - unit.exponent)) {
      shown = roundDecimal(value, 1, -larger.exponent);
      suffix = larger.suffix;
    }
    return `${shown.replace(/\.0$/, "")}${suffix}`;
  }
  return null;
}

/** Money with an optional compact form beside it: "¥35,000.00（3.5万）" / "¥35,000.00 (35K)". */
export function formatMoney(value: string, currency: string, options: { compact?: boolean } = {}): Text {
  const exact = moneyString(value, currency);
  if (!options.compact) return same(exact);
  const zh = compactNumber(value, "zh-CN");
  const en = compactNumber(value, "en");
  return text(zh ? `${exact}（${zh}）` : exact, en ? `${exact} (${en})` : exact);
}

/** A ratio as a percentage with one decimal: "0.8500" → "85.0%", "1.2" → "120.0%". */
export function percentString(ratio: string, places = 1): string {
  return `${roundDecimal(ratio, places, 2)}%`;
}

export function formatPercent(ratio: string | null, places = 1): Text {
  return ratio === null ? NONE : same(percentString(ratio, places));
}

/** A count (or a per-day count such as "0.11"): grouped, decimals kept as given. */
export function formatCount(value: string): Text {
  return same(groupThousands(roundDecimal(value, decimalsOf(value))));
}

/** Days, trailing zeros dropped: "19.50" → "19.5 天" / "19.5 days"; "1" → "1 day". */
export function formatDays(value: string): Text {
  const shown = trimZeros(roundDecimal(value, 2));
  return text(`${shown} 天`, `${shown} ${shown === "1" ? "day" : "days"}`);
}

/** Whole working days: "9 个工作日" / "9 working days". */
export function formatWorkingDays(n: number): Text {
  return text(`${n} 个工作日`, `${n} working ${n === 1 ? "day" : "days"}`);
}

/** Points with two decimals: "87.83 分" / "87.83 pts". */
export function formatPoints(value: string, options: { signed?: boolean } = {}): Text {
  const shown = signed(roundDecimal(value, 2), options.signed ?? false);
  return text(`${shown} 分`, `${shown} pts`);
}

/** A plain decimal with a sign for changes: "20" → "+20.00", "-3.5" → "-3.50", "0" → "0.00". */
export function signedDecimal(value: string, places = 2): string {
  return signed(roundDecimal(value, places), true);
}

function signed(fixed: string, withSign: boolean): string {
  return withSign && !fixed.startsWith("-") && decimalSign(fixed) > 0 ? `+${fixed}` : fixed;
}

function decimalsOf(value: string): number {
  const dot = value.indexOf(".");
  return dot < 0 ? 0 : value.length - dot - 1;
}

function trimZeros(fixed: string): string {
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

// ─── Metrics ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A metric value (or a target, gap or projection of it) as people read it; null is "none".
 * `perDay` values keep their extra decimals (1.50 shipments a day is meaningful).
 */
export function formatMetric(
  key: MetricKey,
  value: string | null,
  currency: string,
  options: { compact?: boolean } = {},
): Text {
  if (value === null) return NONE;
  switch (metricUnit(key)) {
    case "money":
      return formatMoney(value, currency, options);
    case "rate":
      return same(percentString(value));
    case "days":
      return formatDays(value);
    case "count":
      return formatCount(value);
    case "score":
      return same(roundDecimal(value, 2));
  }
}

// ─── Periods, dates and times (always in the organization's time zone) ───────────────────────────

const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

function parsePeriod(period: string): { year: number; month: number } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!m) throw new RangeError(`not a period YYYY-MM: ${JSON.stringify(period)}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** "2026-10" → "2026年10月" / "October 2026". */
export function formatPeriod(period: string): Text {
  const { year, month } = parsePeriod(period);
  return text(`${year}年${month}月`, `${MONTHS_EN[month - 1]} ${year}`);
}

/** The month before: "2026-01" → "2025-12". */
export function previousPeriod(period: string): string {
  const { year, month } = parsePeriod(period);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

/** The month after: "2026-12" → "2027-01". */
export function nextPeriod(period: string): string {
  const { year, month } = parsePeriod(period);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: string;
  minute: string;
}

// Intl only supplies the calendar fields in the zone; the wording is ours, so it does not change
// with the ICU version the runtime ships.
// Building an Intl.DateTimeFormat costs far more than using one: keep one per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    if (formatters.size < 100) formatters.set(timezone, f);
  }
  return f;
}

function localParts(instant: Date | string, timezone: string): LocalParts {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  const parts = formatterFor(timezone).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: get("hour"),
    minute: get("minute"),
  };
}

/** The calendar year of an instant in the zone. */
export function localYear(instant: Date | string, timezone: string): number {
  return localParts(instant, timezone).year;
}

/** Whether to write the year: only when a `reference` instant is given and its year differs. */
function yearShown(year: number, reference: Date | string | undefined, timezone: string): boolean {
  return reference !== undefined && localParts(reference, timezone).year !== year;
}

/**
 * An instant in the organization's zone: "10月16日 10:00" / "Oct 16, 10:00". The year is added when
 * it differs from `reference` (e.g. the card's as-of time): "2025年12月31日 18:00" / "Dec 31, 2025, 18:00".
 */
export function formatDateTime(instant: Date | string, timezone: string, reference?: Date | string): Text {
  const p = localParts(instant, timezone);
  const withYear = yearShown(p.year, reference, timezone);
  const mon = MONTHS_EN[p.month - 1]!.slice(0, 3);
  return text(
    `${withYear ? `${p.year}年` : ""}${p.month}月${p.day}日 ${p.hour}:${p.minute}`,
    `${mon} ${p.day}, ${withYear ? `${p.year}, ` : ""}${p.hour}:${p.minute}`,
  );
}

/** The local date of an instant: "10月16日" / "Oct 16" (with the year as for formatDateTime). */
export function formatDate(instant: Date | string, timezone: string, reference?: Date | string): Text {
  const p = localParts(instant, timezone);
  return localDateText(p.year, p.month, p.day, yearShown(p.year, reference, timezone));
}

/** A calendar date as stored ("2026-11-04") — no zone involved: "2026年11月4日" / "Nov 4, 2026". */
export function formatLocalDate(date: string, options: { year?: boolean } = {}): Text {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return localDateText(Number(m[1]), Number(m[2]), Number(m[3]), options.year ?? true);
}

function localDateText(year: number, month: number, day: number, withYear: boolean): Text {
  const mon = MONTHS_EN[month - 1]!.slice(0, 3);
  return text(
    `${withYear ? `${year}年` : ""}${month}月${day}日`,
    withYear ? `${mon} ${day}, ${year}` : `${mon} ${day}`,
  );
}

// ─── Monospace layout (console and Slack code blocks) ────────────────────────────────────────────

// East Asian Wide and Fullwidth ranges (Unicode UAX #11) plus the emoji planes: terminals and
// monospace fonts give these two columns. Combining marks and zero-width characters take none.
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x1f680, 0x1f6ff],
  [0x20000, 0x3fffd],
];

function charWidth(cp: number): number {
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfeff) return 0;
  if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (cp < 0x1100) return 1;
  for (const [lo, hi] of WIDE) {
    if (cp < lo) return 1;
    if (cp <= hi) return 2;
  }
  return 1;
}

/** Columns a string takes in a monospace terminal: CJK characters count two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** Cut to at most `width` columns, ending with "…" when something was cut. */
export function truncateWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return "";
  let out = "";
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** Pad to `width` columns (left-aligned by default); longer strings are truncated with "…". */
export function padWidth(s: string, width: number, align: "left" | "right" = "left"): string {
  const cut = truncateWidth(s, width);
  const fill = " ".repeat(Math.max(0, width - displayWidth(cut)));
  return align === "right" ? fill + cut : cut + fill;
}

// Closing punctuation may not start a line (Chinese line-breaking rules): it takes the word or
// character before it down to the next line.
const NO_LINE_START = /^[)）\]】」』》〉,，.。、;；:：!！?？”’%]$/u;
// …and opening punctuation may not end one: it moves down with what it opens.
const NO_LINE_END = /^[(（[【「『《〈“‘]$/u;
const WIDE_CLASS = "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6";
// Tokens: runs of narrow non-space characters (words), single wide characters, runs of spaces.
const TOKEN = new RegExp(`[^\\s${WIDE_CLASS}]+|\\s+|.`, "gsu");

/** Splits a token wider than the line into line-sized pieces. */
function hardBreak(token: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  let pw = 0;
  for (const ch of token) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (pw + cw > width && piece) {
      pieces.push(piece);
      piece = "";
      pw = 0;
    }
    piece += ch;
    pw += cw;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Word-wraps to `width` columns; CJK text breaks between any two characters, words at spaces. */
export function wrapWidth(s: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of s.split("\n")) {
    let line: string[] = [];
    let lineWidth = 0;
    const flush = () => {
      out.push(line.join("").trimEnd());
      line = [];
      lineWidth = 0;
    };
    for (const token of paragraph.match(TOKEN) ?? []) {
      const tw = displayWidth(token);
      if (lineWidth + tw <= width) {
        line.push(token);
        lineWidth += tw;
        continue;
      }
      if (/^\s+$/.test(token)) {
        flush();
        continue;
      }
      const carried: string[] = [];
      const last = line[line.length - 1];
      if (NO_LINE_START.test(token) && last !== undefined && !/^\s+$/.test(last)) carried.unshift(line.pop()!);
      while (line.length > 0 && NO_LINE_END.test(line[line.length - 1]!)) carried.unshift(line.pop()!);
      // When keeping the punctuation with its word would leave nothing on this line (the group is
      // wider than a line), break as usual instead.
      if (line.every((t) => /^\s+$/.test(t))) {
        line.push(...carried.splice(0));
      }
      if (line.length > 0) flush();
      for (const t of [...carried, token]) {
        for (const piece of hardBreak(t, width)) {
          const pw = displayWidth(piece);
          if (lineWidth + pw > width && line.length > 0) flush();
          line.push(piece);
          lineWidth += pw;
        }
      }
    }
    flush();
  }
  return out;
}
