// The offers card's "remind candidate": a signed webhook message (src/outbound) to whatever the
// organization uses to reach candidates. Called by offerAction inside its transaction, holding the
// application's and the offer's locks, so two clicks at once send reminders 1 and 2 (never two
// different messages with the same number) and a failed send records nothing.
import type { Sql } from "../db/client.ts";
import {
  type Env,
  remindAvailable,
  remindPayload,
  REMIND_SETTINGS,
  resolveRemindWebhook,
  type RemindPayload,
} from "../outbound/remind.ts";
import { postWebhook, WebhookError, type WebhookDeps } from "../outbound/webhook.ts";
import { RecruitError } from "../recruit/errors.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import { loadSettingValues } from "../store/recruit-sql.ts";
import { loadRemindRow } from "../store/remind.ts";

export interface RemindDeps extends WebhookDeps {
  /** Where PACER_REMIND_WEBHOOK_SECRET is read from (process.env by default). */
  env?: Env;
}

export interface ReminderSent {
  reminder: number;
  idempotencyKey: string;
  attempts: number;
  payload: RemindPayload;
}

const settingKeys = Object.keys(REMIND_SETTINGS);

/** Whether "remind candidate" is configured (for a card deciding to show the button). */
export async function remindConfigured(sql: Sql, env: Env = process.env): Promise<boolean> {
  return remindAvailable(await loadSettingValues(sql, settingKeys), env);
}

/**
 * Sends the next reminder for an offer, or throws a RecruitError: offer.remind_unavailable without
 * a (valid) webhook, offer.remind_failed when the webhook refuses or cannot be reached.
 */
export async function sendReminder(
  sql: Sql,
  args: { offerExternalId: string; actor: string; note: string | null; now: Date },
  deps: RemindDeps = {},
): Promise<ReminderSent> {
  const config = resolveRemindWebhook(await loadSettingValues(sql, settingKeys), deps.env ?? process.env);
  if (!config.ok) throw new RecruitError("offer.remind_unavailable");
  const row = await loadRemindRow(sql, args.offerExternalId);
  if (!row) throw new RecruitError("offer.unknown", { offer: args.offerExternalId });
  const org = await loadOrganization(sql);
  const payload = remindPayload({
    organization: org.name,
    timezone: org.timezone,
    actor: args.actor,
    note: args.note,
    reminder: row.reminders + 1,
    now: args.now,
    candidate: { externalId: row.candidateExternalId, name: row.candidateName, email: row.email, phone: row.phone },
    offer: {
      externalId: row.offerExternalId,
      applicationExternalId: row.applicationExternalId,
      sentAt: row.sentAt,
      deadlineAt: row.deadlineAt,
    },
    opening: { externalId: row.openingExternalId, title: row.openingTitle },
  });
  try {
    const { attempts } = await postWebhook(
      { ...config.webhook, body: payload, idempotencyKey: payload.idempotencyKey },
      deps,
    );
    return { reminder: payload.reminder, idempotencyKey: payload.idempotencyKey, attempts, payload };
  } catch (error) {
    if (error instanceof WebhookError)
      throw new RecruitError("offer.remind_failed", { offer: row.offerExternalId, detail: error.detail });
    throw error;
  }
}
