// What a chat user wants, independent of the platform. Adapters turn messages, slash commands and
// button presses into an Intent; the chat core answers it with a card. Buttons carry a serialized
// intent (compact JSON, validated with zod when it comes back — a button value is user input).
import { PacerError } from "../errors.ts";
import { z } from "zod";
import { METRICS } from "../kpi/metrics.ts";
import { MOTIVATIONS, QUARTER } from "../kpi/motivation.ts";
import { SNOOZE_REASONS } from "../kpi/receivables.ts";

/** Which period: the running one, the previous one, or an explicit month. */
export const periodRef = z.union([
  z.literal("current"),
  z.literal("previous"),
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
]);
export type PeriodRef = z.infer<typeof periodRef>;
/** An explicit month, "YYYY-MM". */
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** Whose numbers: the asker (absent) or another employee by externalId (managers, HR, admins). */
const subject = z.string().min(1).max(128).optional();

/**
 * What was asked when Pacer can tell but cannot (yet) serve it: answered "I can't do that; here is
 * what I can" naming the topic, never with another intent's answer nor a bare "didn't understand".
 */
export const UNSUPPORTED_TOPICS = [
  "receivables_followup",
  "single_order",
  "change_data",
  "settings",
  "export",
  "pay",
  "off_topic",
  /** INTERIM: company overview, a named team, someone's progress — until the HR views feature lands. */
] as const;
export type UnsupportedTopic = (typeof UNSUPPORTED_TOPICS)[number];

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
    /** A team's external id or name ("team 华东一组"); absent: the asker's own (HR: a list to pick from). */
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
  /** A button on the onboarding card: tick (or undo) one checklist item of a new hire. */
  z.object({
    kind: z.literal("checklist_tick"),
    employee: z.string().min(1).max(128),
    item: z.string().min(1).max(128),
    template: z.string().min(1).max(128).optional(),
    done: z.boolean().default(true),
  }),
  /** "公司排名", "company": every team's standing and the top performers (HR and admins). */
  z.object({ kind: z.literal("company"), period: periodRef.default("current") }),
  /** "候选人 张三": one candidate's screening, by name or externalId. */
  z.object({ kind: z.literal("candidate"), query: z.string().min(1).max(200) }),
  /** An opening's ranked candidates (all open openings the asker may see when none is named). */
  z.object({ kind: z.literal("screening"), opening: z.string().min(1).max(128).optional() }),
  z.object({ kind: z.literal("report"), period: periodRef.default("previous") }),
  /** The asker's overdue receivables (a manager's: their team's). */
  z.object({ kind: z.literal("receivables") }),
  /** A snooze button on the receivables card: no reason yet → the reason choice; with one → snooze. */
  z.object({
    kind: z.literal("receivable_snooze"),
    order: z.string().min(1).max(128),
    reason: z.enum(SNOOZE_REASONS).optional(),
  }),
  /** "设目标", "set targets": a team's targets for a month (next month when absent), to accept or edit. */
  z.object({ kind: z.literal("targets"), period: month.optional(), team: z.string().min(1).max(128).optional() }),
  /** "Accept all" on the targets card: every proposed target of the team for the month. */
  z.object({ kind: z.literal("targets_accept"), team: z.string().min(1).max(128), period: month }),
  /** "Edit" on the targets card: one person's targets for the month as a form. */
  z.object({ kind: z.literal("target_edit"), employee: z.string().min(1).max(128), period: month }),
  /**
   * Saves one person's targets for the month: `form` holds metric → value (a form's submit fills it
   * in from what was typed; a confirmation button carries it).
   */
  z.object({
    kind: z.literal("target_save"),
    employee: z.string().min(1).max(128),
    period: month,
    form: z.record(z.string().max(40), z.string().max(40)).optional(),
  }),
  /** "把王磊的目标改成50000": one person's target for one metric, confirmed before it is saved. */
  z.object({
    kind: z.literal("target_change"),
    /** A name, an employee id, "@<chat user id>", or "me". */
    query: z.string().min(1).max(200),
    value: z.string().min(1).max(40),
    metric: z.enum(METRICS).optional(),
    period: month.optional(),
  }),
  /**
   * "这票不是我的 O123 (是李静的)", or the details card's per-row button: the owner disputes an
   * order's credit, optionally naming who should have it. No order: how to dispute one.
   */
  z.object({
    kind: z.literal("dispute"),
    order: z.string().min(1).max(128).optional(),
    to: z.string().min(1).max(200).optional(),
  }),
  /** The manager's (HR's, an admin's) approve / reject button on a dispute. */
  z.object({ kind: z.literal("dispute_decide"), dispute: z.number().int().min(1), approve: z.boolean() }),
  /** HR (or an admin) removes an order's credit override: the feed's owner has it again. */
  z.object({ kind: z.literal("dispute_clear"), order: z.string().min(1).max(128) }),
  /**
   * A named colleague's 1–5 rating of the salesperson on an order, with an optional comment: no
   * score → the rating card; no order → the orders awaiting their rating.
   */
  z.object({
    kind: z.literal("rate_order"),
    order: z.string().min(1).max(128).optional(),
    score: z.number().int().min(1).max(5).optional(),
    comment: z.string().min(1).max(1000).optional(),
  }),
  /**
   * "profile 王磊", "员工画像", "趋势": a profile — the last closed months per metric as a trend, rank
   * history, training record, motivation. `query` a name or "@chat-id", `subject` an externalId
   * (buttons); neither: the asker's own (a manager: a choice of their team).
   */
  z.object({ kind: z.literal("profile"), query: z.string().min(1).max(200).optional(), subject }),
  /** A button of the quarterly survey card: what motivates the asker most (answering again replaces it). */
  z.object({ kind: z.literal("motivation"), quarter: z.string().regex(QUARTER), answer: z.enum(MOTIVATIONS) }),
  z.object({ kind: z.literal("unknown"), text: z.string().max(2000) }),
  z.object({ kind: z.literal("unsupported"), topic: z.enum(UNSUPPORTED_TOPICS), text: z.string().max(2000) }),
]);

export type Intent = z.infer<typeof intentSchema>;
export type IntentKind = Intent["kind"];
export type IntentOf<K extends IntentKind> = Extract<Intent, { kind: K }>;

/** For button values: compact, stable JSON (Slack allows 2,000 characters, Lark more). */
export function serializeIntent(intent: Intent): string {
  return JSON.stringify(intent);
}

export class BadIntentError extends PacerError {
  static override readonly code = "chat.bad_intent";
  static override readonly userMessage = {
    "zh-CN": "这个按钮已过期或被修改，请重新提问。",
    en: "This button is out of date or was changed; ask again.",
  };
  static override readonly httpStatus = 400;
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
