// Field types shared by every inbound row (ingest API, CSV, scenario bundles). Each one accepts
// exactly what the entity's rules allow and says precisely what is wrong otherwise.
import { z } from "zod";
import { DateTime } from "luxon";

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

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An instant; it must carry its offset ("Z" or "+08:00"), since a bare local time is ambiguous. */
const INSTANT_MESSAGE = "must be an ISO 8601 timestamp with an offset (Z or ±hh:mm), e.g. 2026-10-05T11:00:00+08:00";
export const instant = z
  .string({ error: "must be an ISO 8601 timestamp with an offset, e.g. 2026-10-05T11:00:00+08:00" })
  .trim()
  // Parsed once (this runs for every timestamp of every row of a 5,000-row batch).
  .transform((v, ctx) => {
    const parsed = INSTANT.test(v) ? DateTime.fromISO(v, { setZone: true }) : null;
    if (!parsed?.isValid) {
      ctx.addIssue({ code: "custom", message: INSTANT_MESSAGE });
      return z.NEVER;
    }
    return parsed.toJSDate();
  });

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
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v).isValid, {
    message: "must be a valid date YYYY-MM-DD",
  });

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
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a period YYYY-MM, e.g. 2026-10");

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
  return n.toFixed(20).replace(/\.?0+$/, "");
}

export const money = decimal({ places: 2 });
export const nonNegativeMoney = decimal({ places: 2, min: "nonnegative" });

/** Plain JSON numbers (weights, caps, tiers); CSV cells arrive as strings and are read as numbers. */
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
