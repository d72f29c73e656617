// Field types shared by every inbound row (ingest API, CSV, scenario bundles). Each one accepts
// exactly what the entity's rules allow and says precisely what is wrong otherwise. Pure (zod,
// luxon, exact decimals), so the core's own schemas (an opening's keyword profile) use them too.
import { z } from "zod";
import { Decimal } from "./decimal.ts";

export const externalId = z
  .string({ error: "is required (a non-empty string)" })
  .trim()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters");

export const text = (max = 500) =>
  z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`);

/** Optional text: absent, null and "" all mean "no value" (CSV cells cannot say null). */
export const optionalText = (max = 500) =>
  z
    .union([z.string(), z.null()], { error: "must be a string" })
    .optional()
    .transform((v) => (v == null || v.trim() === "" ? null : v.trim()))
    .pipe(z.string().max(max, `must be at most ${max} characters`).nullable());

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Years a business record can carry. Outside them a typo ("0000", "9999") would move a row out of
 * every period or past what luxon/Postgres agree on, so it is refused, not stored.
 */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2099;
const YEAR_MESSAGE = `must be in the years ${MIN_YEAR}–${MAX_YEAR}`;
/** UTC offsets in use on Earth lie within ±14:00; anything else is a typo that shifts the instant by days. */
const MAX_OFFSET_MINUTES = 14 * 60;

/** An instant; it must carry its offset ("Z" or "+08:00"), since a bare local time is ambiguous. */
const INSTANT_MESSAGE = "must be an ISO 8601 timestamp with an offset (Z or ±hh:mm), e.g. 2026-10-05T11:00:00+08:00";
export const instant = z
  .string({ error: "must be an ISO 8601 timestamp with an offset, e.g. 2026-10-05T11:00:00+08:00" })
  .trim()
  // Parsed once, by hand: this runs for every timestamp of every row of a 10,000-row batch, and
  // luxon's parser cost ~25 µs each — most of an orders batch's validation. The rules are luxon's
  // ISO rules (real calendar days, 24:00 only as the end of a day), tested in test/ingest/fields.test.ts.
  .transform((v, ctx) => {
    const m = INSTANT.exec(v);
    const parsed = m ? instantOf(m) : null;
    if (!m || parsed === null) {
      ctx.addIssue({ code: "custom", message: INSTANT_MESSAGE });
      return z.NEVER;
    }
    // The columns keep milliseconds (timestamptz(3)): finer digits would be rounded, so they are refused.
    if (m[7] && /[1-9]/.test(m[7].slice(3))) {
      ctx.addIssue({ code: "custom", message: "has more than millisecond precision (at most 3 decimals of a second)" });
      return z.NEVER;
    }
    if (m[9] !== undefined) {
      const minutes = Number(m[10]) * 60 + Number(m[11]);
      if (Number(m[11]) > 59 || minutes > MAX_OFFSET_MINUTES) {
        ctx.addIssue({ code: "custom", message: `has offset ${m[8]}, outside ±14:00` });
        return z.NEVER;
      }
    }
    const year = Number(m[1]);
    const utcYear = parsed.getUTCFullYear();
    if (year < MIN_YEAR || year > MAX_YEAR || utcYear < MIN_YEAR || utcYear > MAX_YEAR) {
      ctx.addIssue({ code: "custom", message: YEAR_MESSAGE });
      return z.NEVER;
    }
    return parsed;
  });

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether year-month-day is a day of the calendar (no 31 April, 29 February only in leap years). */
function isCalendarDay(y: number, mo: number, d: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && isLeap(y) ? 29 : MONTH_DAYS[mo - 1]!);
}

/** The instant an INSTANT match names, or null when it is no real time (31 April, 23:60). */
function instantOf(m: RegExpExecArray): Date | null {
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  if (!isCalendarDay(y, mo, d) || mi > 59 || s > 59) return null;
  if (h > 24 || (h === 24 && (mi || s || ms))) return null;
  const offset = m[9] === undefined ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const at = new Date(0);
  at.setUTCFullYear(y, mo - 1, d);
  at.setUTCHours(h, mi, s, ms);
  return new Date(at.getTime() - offset * 60_000);
}

export const optionalInstant = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v == null || v.trim() === "" ? undefined : v))
  .pipe(instant.optional())
  .transform((v) => v ?? null);

/** A calendar date, "YYYY-MM-DD". */
export const date = z
  .string({ error: "must be a date YYYY-MM-DD" })
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarDay(+v.slice(0, 4), +v.slice(5, 7), +v.slice(8, 10)), {
    message: "must be a valid date YYYY-MM-DD",
  })
  .refine((v) => inYears(Number(v.slice(0, 4))), { message: YEAR_MESSAGE });

function inYears(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

export const optionalDate = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v == null || v.trim() === "" ? undefined : v))
  .pipe(date.optional())
  .transform((v) => v ?? null);

/** "YYYY-MM". */
export const period = z
  .string({ error: "must be a period YYYY-MM" })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a period YYYY-MM, e.g. 2026-10")
  .refine((v) => inYears(Number(v.slice(0, 4))), { message: YEAR_MESSAGE });

/**
 * An exact decimal, given as a JSON string or number, normalised to a plain decimal string.
 * Numbers are accepted because feeds send them; they are read through their shortest decimal
 * representation, so 0.1 stays "0.1".
 */
export const decimal = (opts: { places: number; min?: "positive" | "nonnegative"; max?: number }) =>
  z.union([z.string(), z.number()], { error: "must be a decimal number (string or number)" }).transform((v, ctx) => {
    const s = typeof v === "number" ? (Number.isFinite(v) ? numberToPlain(v) : "x") : v.trim();
    const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) {
      ctx.addIssue({ code: "custom", message: `must be a decimal number, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    const [, sign, int, frac = ""] = m;
    if (frac.length > opts.places) {
      ctx.addIssue({
        code: "custom",
        message: `must have at most ${opts.places} decimal places, got ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    const digits = int!.replace(/^0+(?=\d)/, "");
    if (digits.length > (opts.max ?? 12)) {
      ctx.addIssue({ code: "custom", message: `is too large (${JSON.stringify(v)})` });
      return z.NEVER;
    }
    const zero = /^0+$/.test(digits) && /^0*$/.test(frac);
    const negative = sign === "-" && !zero;
    if (opts.min === "nonnegative" && negative) {
      ctx.addIssue({ code: "custom", message: `must not be negative, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    if (opts.min === "positive" && (negative || zero)) {
      ctx.addIssue({ code: "custom", message: `must be greater than 0, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return `${negative ? "-" : ""}${digits}${frac ? `.${frac}` : ""}`;
  });

function numberToPlain(n: number): string {
  // Avoid exponent notation for very small/large numbers (1e-7 → "0.0000001").
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Its shortest decimal form, written out (1e+308 → "1000…0"), so bounds see its real size.
  return new Decimal(s).toFixed();
}

/** Money fits numeric(14,2): at most 12 integer digits (default `max`), 2 decimals. */
export const money = decimal({ places: 2 });
export const nonNegativeMoney = decimal({ places: 2, min: "nonnegative" });

/**
 * A bounded number kept in JSON (bonus points, keyword weights): refused — never rounded — when it
 * has more decimals than the engine keeps or lies outside [min, max].
 */
export const boundedNumber = (opts: { min: number; max: number; places: number; minExclusive?: boolean }) =>
  z.union([z.number(), z.string().trim().min(1)], { error: "must be a number" }).transform((v, ctx) => {
    const s = typeof v === "number" ? (Number.isFinite(v) ? numberToPlain(v) : "x") : v;
    const m = /^[+-]?(\d+)(?:\.(\d+))?$/.exec(s);
    const n = Number(s);
    if (!m || !Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `must be a number, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    if ((m[2] ?? "").replace(/0+$/, "").length > opts.places) {
      ctx.addIssue({
        code: "custom",
        message: `must have at most ${opts.places} decimal places, got ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    if (n > opts.max || n < opts.min || (opts.minExclusive && n === opts.min)) {
      ctx.addIssue({
        code: "custom",
        message: `must be ${opts.minExclusive ? "greater than" : "at least"} ${opts.min} and at most ${opts.max}, got ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    return n;
  });

/** Plain JSON numbers; CSV cells arrive as strings and are read as numbers. */
export const number = z
  .union([z.number(), z.string().trim().min(1)], { error: "must be a number" })
  .transform((v, ctx) => {
    const n = typeof v === "number" ? v : Number(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `must be a number, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n;
  });

export const email = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v == null || v.trim() === "" ? null : v.trim().toLowerCase()))
  .pipe(z.email("must be an email address").nullable());

export function enumOf<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, {
    error: (issue) => `must be one of ${values.join(", ")} (${what}), got ${JSON.stringify(issue.input)}`,
  });
}
