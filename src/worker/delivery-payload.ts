// The child job of every fan-out: one message to one recipient. Its payload says who and what —
// never the rendered card: the card is built when the message is sent, so a retry an hour later
// still shows the run's as-of figures and the current data freshness.
//
// Job id: `<run id>.<recipient>` — deterministic, so a parent that re-selects after a crash adds
// nothing new. The delivery key (`kind:recipient:date-or-period`, the deliveries table's unique key)
// is what guarantees one message per person even across different runs.
import { PLATFORMS } from "../platform.ts";
import { z } from "zod";

export const DELIVER_JOB = "deliver";

const isoInstant = z.string().datetime({ offset: true });
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const contentSchema = z.discriminatedUnion("type", [
  /** The person's progress card as of `asOf` (daily message). */
  z.object({ type: z.literal("progress"), asOf: isoInstant }),
  /** A team leaderboard: the manager's full view, or a channel's privacy view. */
  z.object({
    type: z.literal("leaderboard"),
    teamId: z.number().int(),
    asOf: isoInstant,
    audience: z.enum(["manager", "channel"]),
    privacy: z.enum(["top_n", "goal_only"]).default("top_n"),
    topN: z.number().int().min(1).max(50).default(5),
  }),
  /** A salesperson's final card of a closed month. */
  z.object({ type: z.literal("final"), period, version: z.number().int().min(1) }),
  /** A manager's team report of a closed month. */
  z.object({ type: z.literal("team-report"), teamId: z.number().int(), period, version: z.number().int().min(1) }),
  /** HR's daily digest as of `asOf`. */
  z.object({ type: z.literal("hr-digest"), asOf: isoInstant }),
  /** An offer deadline nudge; the card is skipped if the offer was answered before it went out. */
  z.object({
    type: z.literal("offer-nudge"),
    offer: z.string().min(1),
    nudge: z.enum(["t48", "t24", "overdue"]),
    asOf: isoInstant,
    hr: z.boolean(),
  }),
  /** A probation milestone alert (found again at send time by its key). */
  z.object({
    type: z.literal("milestone-alert"),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    alertKey: z.string().min(1),
  }),
  /** What a run could not deliver, for the admins. */
  z.object({
    type: z.literal("admin-notice"),
    run: z.string(),
    asOf: isoInstant,
    failed: z.array(z.object({ name: z.string(), externalId: z.string().nullable(), error: z.string() })),
    unlinked: z.array(z.object({ name: z.string(), externalId: z.string(), email: z.string().nullable() })),
    /** Other things the run needs an admin for (e.g. a month that changed after its close). */
    notes: z.array(z.string()).default([]),
  }),
]);

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
