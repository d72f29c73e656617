// What every answering use case shares: its dependencies, the asker, the refusal that ends an
// answer with a card, and how a period reference becomes a period (in the organization's zone).
import { PacerError } from "../../errors.ts";
import type pg from "pg";
import type { Card, Locale } from "../../../cards/model.ts";
import { noDataCard } from "../../../cards/index.ts";
import { addPeriods, periodBounds, periodOfInstant } from "../../kpi/period.ts";
import type { Logger } from "../../log.ts";
import type { FileMessage } from "../../outgoing-file.ts";
import type { PeriodRef } from "../intents.ts";
import type { ConversationChannel } from "../platform.ts";

export interface ChatDeps {
  pool: pg.Pool;
  now: () => Date;
  log?: Logger;
}

export interface Asker {
  /** Null when the chat account is not linked to an employee. */
  employeeId: number | null;
  platform: ConversationChannel;
  /** Asked in a group chat (answers with personal numbers go to the asker only). */
  inGroup: boolean;
}

export interface Reply {
  card: Card;
  /** Personal numbers: show only to the asker in a group chat. */
  personal: boolean;
  locale: Locale;
  /** A file that goes with the card (the month-end workbook), to the asker only. */
  file?: FileMessage;
  /**
   * A picture that follows the card (Slack's profile trend chart), to the asker only like `file`.
   * Made only once the card is delivered — the picture takes seconds to draw and the card must not
   * wait for it; a picture that cannot be made or sent never takes the card back (see
   * conversation.ts).
   */
  picture?: () => Promise<FileMessage>;
  /**
   * Messages to other people the answer concerns (a dispute's decider, the rep it names, a rep
   * whose targets changed), each sent once on that person's own platform (ConversationDeps.notify).
   */
  notices?: Notice[];
}

/** A card for another employee, sent after the answer (ConversationDeps.notify). */
export interface Notice {
  employeeId: number;
  card: Card;
  locale: Locale;
  /**
   * Identifies this message: the same key is never sent twice (Lark dedupes on it too). Derived
   * from what happened (the dispute and its step, the audit entry of a target change), never from
   * the clock alone: two changes in the same (fixed, demo) instant are two messages.
   */
  key: string;
}

export type Person = { id: number; externalId: string; name: string; teamId: number | null };

/** Ends an answer early with this card (a permission refusal, nothing found). */
export class Refusal extends PacerError {
  static override readonly code = "chat.refused";
  static override readonly userMessage = { "zh-CN": "无法回答这个请求。", en: "I can't answer that request." };
  constructor(readonly card: Card) {
    super("refused");
  }
}

/** "current" → as of now; "previous" / "YYYY-MM" → that whole period (as of its last instant). */
export function resolvePeriod(deps: ChatDeps, ref: PeriodRef, tz: string): { period: string; asOf?: Date } {
  const now = deps.now();
  const current = periodOfInstant(now, tz);
  const period = ref === "current" ? current : ref === "previous" ? addPeriods(current, -1) : ref;
  if (period === current) return { period, asOf: now };
  if (period > current) throw new Refusal(noDataCard("future_period"));
  return { period };
}

/** The instant a progress answer is computed at: now, or the last instant of a past period. */
export function asOfFor(deps: ChatDeps, ref: PeriodRef, tz: string): Date {
  const { period, asOf } = resolvePeriod(deps, ref, tz);
  return asOf ?? new Date(periodBounds(period, tz).end.getTime() - 1);
}
