// "Remind candidate" reaches someone: the offers card's remind button POSTs a signed message to a
// webhook the organization configures (its ATS, SMS or e-mail gateway sends it on). This module
// holds the setting, whether reminding is available, the idempotency key and the payload.
//
// Setting `remind.webhook` (pacer config set remind.webhook '{"url": "https://…"}'):
//   url          where to POST (http or https)
//   secret       the HMAC key (at least 16 characters); else the env var PACER_REMIND_WEBHOOK_SECRET
//   maxAttempts  attempts in all, 1–6 (default 3); timeoutMs per attempt (default 5000)
// Without a url and a secret the remind action is unavailable (the card hides it, the service refuses).
import { z } from "zod";

export const REMIND_SECRET_ENV = "PACER_REMIND_WEBHOOK_SECRET";

const secret = z.string().min(16, "must be at least 16 characters");

export const REMIND_SETTINGS = {
  "remind.webhook": z.strictObject({
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
    secret: secret.optional(),
    maxAttempts: z.number().int().min(1).max(6).default(3),
    timeoutMs: z.number().int().min(100).max(30_000).default(5000),
  }),
} as const;

export interface RemindWebhook {
  url: string;
  secret: string;
  maxAttempts: number;
  timeoutMs: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

export type RemindConfig = { ok: true; webhook: RemindWebhook } | { ok: false; reason: "not_configured" | "invalid" };

/** The webhook from the stored settings (key → raw value) and the environment. */
export function resolveRemindWebhook(settings: ReadonlyMap<string, unknown>, env: Env): RemindConfig {
  const raw = settings.get("remind.webhook");
  if (raw === undefined || raw === null) return { ok: false, reason: "not_configured" };
  const parsed = REMIND_SETTINGS["remind.webhook"].safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const key = parsed.data.secret ?? env[REMIND_SECRET_ENV];
  if (!key) return { ok: false, reason: "not_configured" };
  if (!secret.safeParse(key).success) return { ok: false, reason: "invalid" };
  const { url, maxAttempts, timeoutMs } = parsed.data;
  return { ok: true, webhook: { url, secret: key, maxAttempts, timeoutMs } };
}

/** Whether the remind button can do anything (a card hides it otherwise). */
export function remindAvailable(settings: ReadonlyMap<string, unknown>, env: Env = {}): boolean {
  return resolveRemindWebhook(settings, env).ok;
}

/** The same reminder (offer + its number) always carries the same key, so consumers can dedupe. */
export function remindIdempotencyKey(offerExternalId: string, reminder: number): string {
  return `offer-remind:${offerExternalId}:${reminder}`;
}

export interface RemindFacts {
  organization: string;
  timezone: string;
  actor: string;
  note: string | null;
  /** 1 for the first reminder of this offer, 2 for the second, … */
  reminder: number;
  now: Date;
  candidate: { externalId: string; name: string; email: string | null; phone: string | null };
  offer: { externalId: string; applicationExternalId: string; sentAt: Date; deadlineAt: Date };
  opening: { externalId: string; title: string };
}

export interface RemindPayload {
  type: "offer.remind";
  idempotencyKey: string;
  reminder: number;
  createdAt: string;
  actor: string;
  note: string | null;
  candidate: RemindFacts["candidate"];
  offer: { externalId: string; applicationExternalId: string; sentAt: string; deadlineAt: string };
  opening: RemindFacts["opening"];
  /** The deadline as the candidate reads it: local date and time in the organization's zone. */
  deadline: { at: string; local: string; timezone: string };
  /** A drafted message to the candidate; the consumer may send it as is or use its own. */
  message: { "zh-CN": string; en: string };
}

/** "2026-10-22 18:00" in `timezone`. */
function localDateTime(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

export function remindPayload(facts: RemindFacts): RemindPayload {
  const local = localDateTime(facts.offer.deadlineAt, facts.timezone);
  const { name } = facts.candidate;
  const { title } = facts.opening;
  const overdue = facts.now.getTime() > facts.offer.deadlineAt.getTime();
  return {
    type: "offer.remind",
    idempotencyKey: remindIdempotencyKey(facts.offer.externalId, facts.reminder),
    reminder: facts.reminder,
    createdAt: facts.now.toISOString(),
    actor: facts.actor,
    note: facts.note,
    candidate: facts.candidate,
    offer: {
      externalId: facts.offer.externalId,
      applicationExternalId: facts.offer.applicationExternalId,
      sentAt: facts.offer.sentAt.toISOString(),
      deadlineAt: facts.offer.deadlineAt.toISOString(),
    },
    opening: facts.opening,
    deadline: { at: facts.offer.deadlineAt.toISOString(), local, timezone: facts.timezone },
    message: {
      "zh-CN": overdue
        ? `${name}您好！${facts.organization}「${title}」职位的 offer 答复期限（${local}）已过，我们仍期待您的回复，如需更多时间请告诉我们。`
        : `${name}您好！温馨提醒：${facts.organization}「${title}」职位的 offer 请于 ${local} 前答复，如有任何问题欢迎随时联系我们。`,
      en: overdue
        ? `Hello ${name}, the reply deadline (${local}, ${facts.timezone}) for your ${title} offer at ${facts.organization} has passed; we would still love to hear from you — tell us if you need more time.`
        : `Hello ${name}, a friendly reminder that your ${title} offer at ${facts.organization} awaits your reply by ${local} (${facts.timezone}). Feel free to reach out with any questions.`,
    },
  };
}
