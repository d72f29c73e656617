// The child job of every fan-out: one message to one recipient. Its payload says who and what —
// never the rendered card: the card is built when the message is sent, so a retry an hour later
// still shows the run's as-of figures and the current data freshness.
//
// Job id: `<run id>.<recipient>` — deterministic, so a parent that re-selects after a crash adds
// nothing new. The delivery key (`kind:recipient:date-or-period`, the deliveries table's unique key)
// is what guarantees one message per person even across different runs.
import { PLATFORMS } from "../platform.ts";
import { z } from "zod";

/** The BullMQ name of every child job (the queue names `deliver-<platform>` are kept as deployed). */
export const DELIVER_JOB = "deliver";

/**
 * What the card is built from: `type` names a message kind of a job (jobs/<id>.ts `messages`) or
 * the worker's admin notice; the rest is checked by that kind's schema.
 */
export const contentSchema = z.looseObject({ type: z.string().min(1) });

export type DeliveryContent = z.output<typeof contentSchema>;

export const deliveryPayloadSchema = z
  .object({
    /** The deliveries row's unique key: kind:recipient:date-or-period. */
    key: z.string().min(3).max(300),
    kind: z.string().min(1),
    runId: z.string().min(1),
    /** Short, unique within the run, no ':' — the child job id is `<runId>.<recipient>`. */
    recipient: z.string().regex(/^[A-Za-z0-9_.@-]+$/),
    to: z.discriminatedUnion("type", [
      /** A person, by DM on their platform. `audience` decides who is still eligible at send time. */
      z.object({ type: z.literal("person"), employeeId: z.number().int(), audience: z.enum(["daily", "active"]) }),
      /** A channel or group chat. */
      z.object({ type: z.literal("channel"), platform: z.enum(PLATFORMS), channel: z.string().min(1) }),
    ]),
    content: contentSchema,
  })
  .strict();

export type DeliveryPayload = z.output<typeof deliveryPayloadSchema>;
