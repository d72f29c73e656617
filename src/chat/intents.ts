// What a chat user wants, independent of the platform. Adapters turn messages, slash commands and
// button presses into an Intent; the chat core answers it with a card. Buttons carry a serialized
// intent (compact JSON, validated with zod when it comes back — a button value is user input).
import { z } from "zod";
import { METRICS } from "../kpi/metrics.ts";

/** Which period: the running one, the previous one, or an explicit month. */
export const periodRef = z.union([
  z.literal("current"),
  z.literal("previous"),
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
]);
export type PeriodRef = z.infer<typeof periodRef>;

/** Whose numbers: the asker (absent) or another employee by externalId (managers, HR, admins). */
const subject = z.string().min(1).max(128).optional();

export const intentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("progress"), period: periodRef.default("current"), subject }),
  z.object({
    kind: z.literal("details"),
    period: periodRef.default("current"),
    subject,
    metric: z.enum(METRICS).optional(),
    page: z.number().int().min(1).max(1000).default(1),
  }),
  z.object({ kind: z.literal("unpaid"), subject, page: z.number().int().min(1).max(1000).default(1) }),
  z.object({
    kind: z.literal("leaderboard"),
    period: periodRef.default("current"),
    team: z.string().min(1).max(128).optional(),
    /** A page of a long team (cards/paginate.ts); absent: the first. */
    page: z.number().int().min(1).max(1000).optional(),
  }),
  /** "/kpi @someone", "张三的业绩": a teammate by name or chat mention, resolved by the core. */
  z.object({ kind: z.literal("lookup"), query: z.string().min(1).max(200), period: periodRef.default("current") }),
  z.object({ kind: z.literal("language"), locale: z.enum(["zh-CN", "en"]) }),
  z.object({ kind: z.literal("mute"), on: z.boolean() }),
  z.object({ kind: z.literal("help") }),
  z.object({ kind: z.literal("link") }),
  z.object({ kind: z.literal("offers") }),
  /** An HR button on the offers card. */
  z.object({
    kind: z.literal("offer_action"),
    offer: z.string().min(1).max(128),
    action: z.enum(["accept", "decline", "extend", "remind"]),
    days: z.number().int().min(1).max(14).optional(),
  }),
  z.object({ kind: z.literal("onboarding") }),
  /** "候选人 张三": one candidate's screening, by name or externalId. */
  z.object({ kind: z.literal("candidate"), query: z.string().min(1).max(200) }),
  /** An opening's ranked candidates (all open openings the asker may see when none is named). */
  z.object({ kind: z.literal("screening"), opening: z.string().min(1).max(128).optional() }),
  z.object({ kind: z.literal("report"), period: periodRef.default("previous") }),
  z.object({ kind: z.literal("unknown"), text: z.string().max(2000) }),
]);

export type Intent = z.infer<typeof intentSchema>;
export type IntentKind = Intent["kind"];
export type IntentOf<K extends IntentKind> = Extract<Intent, { kind: K }>;

/** For button values: compact, stable JSON (Slack allows 2,000 characters, Lark more). */
export function serializeIntent(intent: Intent): string {
  return JSON.stringify(intent);
}

export class BadIntentError extends Error {
  constructor(readonly value: string) {
    super("This button is out of date or was changed; ask again.");
    this.name = "BadIntentError";
  }
}

/** A button value back into an intent; anything malformed is refused, never guessed. */
export function deserializeIntent(value: string): Intent {
  try {
    const result = intentSchema.safeParse(JSON.parse(value));
    if (result.success) return result.data;
  } catch {
    // fall through
  }
  throw new BadIntentError(value);
}
