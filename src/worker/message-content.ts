// The card of a delivery, built when it is sent: the content names a message kind of a job
// (jobs/<id>.ts `messages`), whose builder loads the data from the services the chat answers use
// (so a scheduled card and an answer never disagree) and builds the card with cards/ builders.
// The admins' delivery report is the worker's own message. Every card carries its as-of time and
// data freshness (the builders' freshness line; the admin notice has its own).
import { PacerError } from "../errors.ts";
import type pg from "pg";
import { z } from "zod";
import { adminNoticeCard } from "../../cards/builders/job-messages.ts";
import type { Card, Locale } from "../../cards/model.ts";
import { findMessage } from "../../jobs/registry.ts";
import { UnknownTeamError } from "../services/leaderboard.ts";
import { NotScoredError } from "../services/progress.ts";
import type { FileMessage } from "../outgoing-file.ts";
import type { Contact } from "../store/jobs.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import type { DeliveryContent } from "./delivery-payload.ts";

/** What a run could not deliver, for the admins. */
export const adminNoticeContent = z.object({
  type: z.literal("admin-notice"),
  run: z.string(),
  asOf: z.string().datetime({ offset: true }),
  failed: z.array(z.object({ name: z.string(), externalId: z.string().nullable(), error: z.string() })),
  unlinked: z.array(z.object({ name: z.string(), externalId: z.string(), email: z.string().nullable() })),
  /** Other things the run needs an admin for (e.g. a month that changed after its close). */
  notes: z.array(z.string()).default([]),
  /** One of several messages of a long notice (cards/builders/job-messages.ts splitAdminNotice). */
  part: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).optional(),
});

export type Built = (({ card: Card } | { file: FileMessage }) & { locale: Locale }) | { skip: string };

/** A content no job knows (a delivery queued by an older version) or that its kind's schema refuses. */
export class UnknownContentError extends PacerError {
  static override readonly code = "delivery.unknown_content";
  static override readonly userMessage = {
    "zh-CN": "无法生成这条消息（内容类型未知或无效）。",
    en: "This message cannot be built: its content kind is unknown or invalid.",
  };
  constructor(detail: string) {
    super(detail);
    this.name = "UnknownContentError";
  }
}

/** Checks a delivery's content against its kind's schema (with its defaults applied). */
export function checkContent(content: DeliveryContent): DeliveryContent {
  const schema = content.type === "admin-notice" ? adminNoticeContent : findMessage(content.type)?.content;
  if (!schema) throw new UnknownContentError(`no message kind ${content.type}`);
  const parsed = schema.safeParse(content);
  if (!parsed.success) throw new UnknownContentError(`bad ${content.type} content: ${parsed.error.message}`);
  return parsed.data as DeliveryContent;
}

export async function buildContent(pool: pg.Pool, content: DeliveryContent, contact: Contact | null): Promise<Built> {
  const org = await loadOrganization(pool);
  const locale: Locale = contact?.locale === "en" || contact?.locale === "zh-CN" ? contact.locale : org.defaultLocale;
  if (content.type === "admin-notice")
    return { card: adminNoticeCard(adminNoticeContent.parse(content), org.timezone), locale };
  const message = findMessage(content.type);
  if (!message) throw new UnknownContentError(`no message kind ${content.type}`);
  try {
    const built = await message.build({ pool, org, contact }, message.content.parse(content));
    return "skip" in built ? built : { ...built, locale };
  } catch (error) {
    // The person or team is no longer scored (plan removed, team deleted): nothing to send.
    if (error instanceof NotScoredError || error instanceof UnknownTeamError) return { skip: error.message };
    throw error;
  }
}
