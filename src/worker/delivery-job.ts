// The delivery (child) job: one message to one recipient, exactly once (send-message.ts),
// with BullMQ doing the waiting:
//   - our rate-limit buckets or the platform say wait → the platform's queue pauses
//     (`worker.rateLimit(ms)` + `Worker.RateLimitError()`: the job goes back to waiting and no
//     attempt is used); a single busy conversation only delays its own job (`DelayedError`);
//   - anything else retries with exponential backoff; on the last attempt the delivery is marked
//     failed (the run then tells the admins, once);
//   - a definite refusal (bad channel, no permission) fails at once (`UnrecoverableError`).
import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type pg from "pg";
import { deliveryPayloadSchema, type DeliveryPayload } from "./delivery-payload.ts";
import { PlatformRateLimitError } from "../events/errors.ts";
import type { Metrics } from "../http/metrics.ts";
import type { Logger } from "../log.ts";
import type { PlatformName } from "../platform.ts";
import { giveUp } from "../store/deliveries.ts";
import { type Contact, loadContact } from "../store/jobs.ts";
import {
  DeliveryBusy,
  DeliveryRateLimited,
  sendOnce,
  type SendDeps,
  type Prepared,
  type Route,
  type Target,
} from "./send-message.ts";
import type { RateLimits } from "./rate-limits.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { NOT_LINKED, platformOrder, primaryPlatform, resolveRoute } from "./recipient-route.ts";
import type { Senders } from "./platform-senders.ts";
import { buildContent, checkContent, UnknownContentError } from "./message-content.ts";

export interface DeliveryJobDeps {
  pool: pg.Pool;
  senders: Senders;
  platforms: readonly PlatformName[];
  limiter: RateLimiter;
  limits: () => Promise<RateLimits>;
  log: Logger;
  metrics?: Metrics;
}

export interface DeliveryJobResult {
  key: string;
  kind: string;
  recipient: string;
  employeeId: number | null;
  status: "sent" | "skipped" | "done-before";
  reason?: string;
  messageId?: string | null;
}

/** Whether a person still gets this kind of message at send time (they may have left since the run chose them). */
function ineligible(contact: Contact | null, audience: "daily" | "active"): string | null {
  if (!contact) return "no such employee";
  if (contact.status !== "active") return contact.status === "left" ? "has left" : "on leave";
  if (audience === "daily") {
    if (contact.role !== "sales") return "not a salesperson";
    if (contact.dailyMuted) return "muted the daily message";
  }
  return null;
}

export async function processDelivery(
  deps: DeliveryJobDeps,
  worker: Worker,
  queuePlatform: PlatformName,
  job: Job,
  token: string,
): Promise<DeliveryJobResult> {
  const parsed = deliveryPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad delivery payload: ${parsed.error.message}`);
  const data: DeliveryPayload = parsed.data;
  try {
    data.content = checkContent(data.content);
  } catch (error) {
    if (error instanceof UnknownContentError) throw new UnrecoverableError(`bad delivery payload: ${error.message}`);
    throw error;
  }
  const employeeId = data.to.type === "person" ? data.to.employeeId : null;
  const entry = { key: data.key, kind: data.kind, employeeId };
  const contact = employeeId === null ? null : await loadContact(deps.pool, employeeId);
  const sendDeps: SendDeps = {
    pool: deps.pool,
    senders: deps.senders,
    limiter: deps.limiter,
    limits: await deps.limits(),
    log: deps.log,
  };

  const prepare = async (forced: Target | null): Promise<Prepared> => {
    // After an attempt with an unknown outcome the message goes where that attempt went.
    let route: Route | null = forced && {
      platform: forced.platform,
      to: { address: forced.address, kind: data.to.type === "channel" ? "channel" : "user" },
    };
    if (!route && data.to.type === "channel")
      route = { platform: data.to.platform, to: { address: data.to.channel, kind: "channel" } };
    if (!route && data.to.type === "person") {
      const why = ineligible(contact, data.to.audience);
      if (why) return { skip: why };
      route = await resolveRoute(
        deps.pool,
        deps.senders,
        contact!,
        platformOrder(await primaryPlatform(deps.pool, deps.platforms), deps.platforms),
      );
      if (!route) return { skip: NOT_LINKED };
    }
    const built = await buildContent(deps.pool, data.content, contact);
    return "skip" in built ? built : { ...route!, ...built };
  };

  try {
    const result = await sendOnce(sendDeps, { ...entry, prepare });
    switch (result.status) {
      case "sent":
        deps.metrics?.deliveries.inc({ platform: result.platform, kind: data.kind, result: "sent" });
        return { ...entry, recipient: data.recipient, status: "sent", messageId: result.messageId };
      case "skipped":
        deps.metrics?.deliveries.inc({ platform: "none", kind: data.kind, result: "skipped" });
        return { ...entry, recipient: data.recipient, status: "skipped", reason: result.reason };
      case "done-before":
        return {
          ...entry,
          recipient: data.recipient,
          status: "done-before",
          reason: result.was,
          messageId: result.messageId,
        };
      case "failed":
        deps.metrics?.deliveries.inc({ platform: queuePlatform, kind: data.kind, result: "failed" });
        throw new UnrecoverableError(result.error);
    }
  } catch (error) {
    if (error instanceof UnrecoverableError) throw error;
    const limited =
      error instanceof DeliveryRateLimited
        ? error
        : error instanceof PlatformRateLimitError // from a directory lookup (before any send)
          ? new DeliveryRateLimited(error.platform, error.retryAfterMs, "platform", "platform")
          : null;
    if (limited) {
      deps.metrics?.rateLimited.inc({ platform: limited.platform, source: limited.source });
      if (limited.scope === "platform" && limited.platform === queuePlatform) {
        await worker.rateLimit(limited.waitMs);
        throw Worker.RateLimitError();
      }
      await job.moveToDelayed(Date.now() + limited.waitMs, token);
      throw new DelayedError();
    }
    if (error instanceof DeliveryBusy) {
      await job.moveToDelayed(Date.now() + 1000, token);
      throw new DelayedError();
    }
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade + 1 >= attempts) {
      const message = error instanceof Error ? error.message : String(error);
      await giveUp(deps.pool, entry, `gave up after ${attempts} attempts: ${message}`);
      deps.metrics?.deliveries.inc({ platform: queuePlatform, kind: data.kind, result: "failed" });
      deps.log.error({ err: error, key: data.key, attempts }, "delivery failed for good");
    } else
      deps.log.warn(
        { err: error, key: data.key, attempt: job.attemptsMade + 1, of: attempts },
        "delivery attempt failed; will retry",
      );
    throw error;
  }
}
