// The conversation core: one flow for every platform. An adapter (src/slack, src/lark,
// src/console) normalizes what arrived into an `Inbound`; this flow then
//   dedupes the event → finds the asker (and a teammate they @mentioned) → parses the text or
//   decodes the button → answers → delivers,
// with the group privacy rule (personal numbers only to the asker: an ephemeral message, else a
// DM plus a short note in the group), the clock (this month in the organization's zone) and error
// handling written once. Adapters only know how to talk to their platform (./platform.ts).
import { errorCard } from "../../cards/index.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import type { PlatformName } from "../platform.ts";
import { answer, type ChatDeps, type Reply, replyWithCard } from "./answer.ts";
import type { Notice } from "./answers/context.ts";
import { monthIn } from "./clock.ts";
import { resolveEmployee } from "./identity.ts";
import { BadIntentError, deserializeIntent, type Intent } from "./intents.ts";
import { parseIntent } from "./parse.ts";
import type { ChatAdapter, Inbound, InboundAsker, Trigger } from "./platform.ts";
import { TEXTS } from "./texts.ts";
import { isDatabaseUnavailable } from "./unavailable.ts";
import { DEFAULT_TIMEZONE } from "../kpi/period.ts";

export interface ConversationDeps extends ChatDeps {
  /** Claims an event id: true the first time, false for a platform's retry (src/events/dedupe.ts). */
  claim?: (platform: PlatformName, eventId: string) => Promise<boolean>;
  /** Gives the claim back when the attempt fails (never outlives a failed attempt). */
  release?: (platform: PlatformName, eventId: string) => Promise<void>;
  /**
   * The durable inbound path (src/events/inbound-queue.ts): when the database cannot be reached, throw (the
   * job retries later) instead of answering "something went wrong".
   */
  retryWhenUnavailable?: boolean;
  /**
   * Records an answer's notices to the other people it concerns (a dispute's decider, the rep it
   * names, a rep whose targets changed): each is sent once, on that person's own platform whichever
   * this question came from, and retried until sent (src/worker/chat-notices.ts). Absent: nobody
   * else is told.
   */
  notify?: (notices: Notice[]) => Promise<void>;
  /**
   * Answers in place of Pacer's own (parse, identify, answer) when it returns a reply, which is then
   * delivered as any other. For benchmarks that price the platform path alone (bench/chat.ts's echo
   * answer); never set by the service itself.
   */
  substitute?: (inbound: Inbound<unknown>) => Reply | undefined;
}

/** How an answer reached the asker. */
export type Delivery = "post" | "ephemeral" | "dm" | "update";

export type Outcome =
  | { status: "duplicate" }
  /** `intent` is null for a button that was not ours or no longer valid (answered with an error card). */
  | { status: "answered"; intent: Intent | null; reply: Reply; delivery: Delivery }
  /** The answer could not be delivered (the error is typed by the adapter's platform errors module). */
  | { status: "undelivered"; intent: Intent | null; reply: Reply; error: unknown };

/** The organization's time zone; undefined when it cannot be read (the default zone then). */
const zoneOf = (deps: ChatDeps) =>
  loadOrganization(deps.pool).then(
    (org) => org.timezone,
    () => undefined,
  );

/** "This month" for the parser: the organization's calendar month (its zone, not UTC). */
async function thisMonth(deps: ChatDeps) {
  return monthIn(deps.now(), await zoneOf(deps));
}

/** A late answer says which question it answers and when its data is from (HH:MM in the organization's zone). */
async function markLate(deps: ChatDeps, reply: Reply, askedAt: Date): Promise<Reply> {
  const zone = (await zoneOf(deps)) ?? DEFAULT_TIMEZONE;
  const hhmm = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false }).format(d);
  const note = { type: "context" as const, text: TEXTS.lateAnswer(hhmm(askedAt), hhmm(deps.now())) };
  return { ...reply, card: { ...reply.card, elements: [note, ...reply.card.elements] } };
}

/** The intent behind a trigger; null for a button whose value is not a valid intent. */
async function intentOf(deps: ChatDeps, trigger: Trigger): Promise<Intent | null> {
  switch (trigger.type) {
    case "text":
      return parseIntent(trigger.text, { mentions: trigger.mentions, now: await thisMonth(deps) });
    case "command":
      return parseIntent(`/kpi ${trigger.text}`, { mentions: trigger.mentions, now: await thisMonth(deps) });
    case "button":
      if (trigger.value === null) return null;
      try {
        // A form's values join the intent as `form` (validated with it: a form is user input too).
        if (trigger.form) {
          const parsed: unknown = JSON.parse(trigger.value);
          const merged = { ...(typeof parsed === "object" && parsed !== null ? parsed : {}), form: trigger.form };
          return deserializeIntent(JSON.stringify(merged));
        }
        return deserializeIntent(trigger.value);
      } catch (error) {
        if (error instanceof SyntaxError) return null;
        if (error instanceof BadIntentError) return null;
        throw error;
      }
    case "home":
      return { kind: "progress", period: "current" };
    case "unsupported":
      return { kind: "help" };
  }
}

/** The asker's employee id; a teammate @mentioned is linked first, the way the asker is. */
async function identify<Ref>(
  deps: ChatDeps,
  adapter: ChatAdapter<Ref>,
  asker: InboundAsker,
  intent: Intent | null,
): Promise<number | null> {
  if ("employeeId" in asker) return asker.employeeId;
  if (adapter.channel === "console") return null;
  const platform = adapter.channel;
  const directory = adapter.lookupUser ? (user: { userId: string }) => adapter.lookupUser!(user.userId) : undefined;
  // Someone who never wrote to the bot is still someone a manager may ask about: link them from
  // the directory before the answer looks them up.
  if (intent?.kind === "lookup" && intent.query.startsWith("@"))
    await resolveEmployee(
      deps.pool,
      { platform, workspaceId: asker.workspaceId, userId: intent.query.slice(1) },
      directory,
    );
  return resolveEmployee(deps.pool, { platform, ...asker }, directory);
}

/** Sends the reply where it belongs, then the file that goes with it (to the asker only); the picture comes later. */
async function deliver<Ref>(
  deps: ChatDeps,
  adapter: ChatAdapter<Ref>,
  inbound: Inbound<Ref>,
  reply: Reply,
): Promise<Delivery> {
  const delivery = await deliverCard(deps, adapter, inbound, reply);
  if (reply.file && adapter.sendFile) await adapter.sendFile(inbound.ref, reply.file, reply.locale);
  return delivery;
}

/** Sends the reply's card where it belongs (the group privacy rule). */
async function deliverCard<Ref>(
  deps: ChatDeps,
  adapter: ChatAdapter<Ref>,
  inbound: Inbound<Ref>,
  reply: Reply,
): Promise<Delivery> {
  const { ref } = inbound;
  if (inbound.trigger.type === "button" || inbound.trigger.type === "home") {
    await adapter.update(ref, reply);
    return "update";
  }
  if (!inbound.inGroup || !reply.personal) {
    await adapter.post(ref, reply);
    return "post";
  }
  const shown = await adapter.ephemeral(ref, reply).catch((error: unknown) => {
    deps.log?.warn({ err: error, platform: adapter.channel }, "ephemeral send refused; sending by DM");
    return false;
  });
  if (shown) return "ephemeral";
  await adapter.dm(ref, reply);
  // The note is a courtesy: the numbers already reached the asker.
  await adapter.note(ref, TEXTS.sentByDm, reply.locale).catch((error: unknown) => {
    deps.log?.warn({ err: error, platform: adapter.channel }, "note after DM failed");
  });
  return "dm";
}

/** Handles one inbound event end to end. */
export async function converse<Ref>(
  deps: ConversationDeps,
  adapter: ChatAdapter<Ref>,
  inbound: Inbound<Ref>,
): Promise<Outcome> {
  if (inbound.eventId !== undefined && adapter.channel !== "console" && deps.claim)
    if (!(await deps.claim(adapter.channel, inbound.eventId))) return { status: "duplicate" };

  let intent: Intent | null = null;
  let reply: Reply;
  const substitute = deps.substitute?.(inbound as Inbound<unknown>);
  if (substitute) reply = substitute;
  else
    try {
      intent = await intentOf(deps, inbound.trigger);
      const employeeId = await identify(deps, adapter, inbound.asker, intent);
      reply =
        intent === null
          ? await replyWithCard(deps, employeeId, errorCard(TEXTS.staleButton))
          : await answer(deps, { employeeId, platform: adapter.channel, inGroup: inbound.inGroup }, intent);
      if (inbound.askedAt) reply = await markLate(deps, reply, inbound.askedAt);
    } catch (error) {
      if (deps.retryWhenUnavailable && isDatabaseUnavailable(error)) {
        if (inbound.eventId !== undefined && adapter.channel !== "console" && deps.claim && deps.release)
          await deps.release(adapter.channel, inbound.eventId);
        throw error;
      }
      // answer() turns its own failures into cards; this is what fails around it (the directory, the database).
      deps.log?.error({ err: error, platform: adapter.channel, intent }, "chat: answering failed");
      reply = { card: errorCard(TEXTS.somethingWentWrong), personal: true, locale: "zh-CN" };
    }

  // The others' notices are recorded before the asker's answer is delivered, and whether or not it
  // gets through: what the answer saved (a target, a dispute) stands, and a crash while delivering
  // must not lose them (a retried question finds it saved and has nothing to tell). Recording is
  // quick; they are sent by the notice worker. A failure here is logged, never the asker's.
  if (reply.notices?.length && deps.notify)
    await deps.notify(reply.notices).catch((error: unknown) => {
      deps.log?.error({ err: error, platform: adapter.channel, intent }, "chat: notifying others failed");
    });
  let outcome: Outcome;
  try {
    const delivery = await deliver(deps, adapter, inbound, reply);
    outcome = { status: "answered", intent, reply, delivery };
  } catch (error) {
    deps.log?.error({ err: error, platform: adapter.channel, intent }, "chat: delivering the answer failed");
    outcome = { status: "undelivered", intent, reply, error };
  }
  if (outcome.status === "answered") await sendPicture(deps, adapter, inbound, reply, intent);
  return outcome;
}

/**
 * The picture that follows a delivered card: drawn now, then sent where files go. The card is
 * already with the asker, so a failure (drawing, or the platform refusing the upload) is logged
 * and the asker told in one line; it never fails the answer (a retry would send the card again).
 */
async function sendPicture<Ref>(
  deps: ChatDeps,
  adapter: ChatAdapter<Ref>,
  inbound: Inbound<Ref>,
  reply: Reply,
  intent: Intent | null,
): Promise<void> {
  if (!reply.picture || !adapter.sendFile) return;
  try {
    await adapter.sendFile(inbound.ref, await reply.picture(), reply.locale);
  } catch (error) {
    deps.log?.warn({ err: error, platform: adapter.channel, intent }, "chat: the picture after the card was not sent");
    await adapter.fileNote?.(inbound.ref, TEXTS.pictureNotSent, reply.locale).catch((noteError: unknown) => {
      deps.log?.warn({ err: noteError, platform: adapter.channel }, "chat: the note of a missing picture failed");
    });
  }
}
