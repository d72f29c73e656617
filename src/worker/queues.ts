// The queues: `runs` holds the schedules' triggers and the runs (parents of a fan-out); each
// platform has its own delivery queue, so a 429 from Slack pauses Slack deliveries only.
import { Queue, type DefaultJobOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { PlatformName } from "../platform.ts";
import type { WorkerConfig } from "./config.ts";

export const RUNS_QUEUE = "runs";
export const deliverQueueName = (platform: PlatformName): string => `deliver-${platform}`;

const DAY_S = 24 * 3600;

export interface Queues {
  prefix: string;
  runs: Queue;
  deliver: Record<PlatformName, Queue>;
  /** Options of every delivery (child) job. */
  deliveryJobOptions: DefaultJobOptions;
  close(): Promise<void>;
}

export function createQueues(
  connection: Redis,
  config: Pick<WorkerConfig, "PACER_QUEUE_PREFIX" | "PACER_DELIVERY_ATTEMPTS" | "PACER_DELIVERY_BACKOFF_MS">,
): Queues {
  const prefix = config.PACER_QUEUE_PREFIX;
  const runs = new Queue(RUNS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: "exponential", delay: 10_000 },
      // Finished runs stay visible to `pacer jobs status`, and keep their ids (a second trigger of
      // the same run is then a no-op) for a month.
      removeOnComplete: { age: 31 * DAY_S },
      removeOnFail: { age: 90 * DAY_S },
    },
  });
  const deliveryJobOptions: DefaultJobOptions = {
    attempts: config.PACER_DELIVERY_ATTEMPTS,
    backoff: { type: "exponential", delay: config.PACER_DELIVERY_BACKOFF_MS, jitter: 0.2 },
    removeOnComplete: { age: 3 * DAY_S },
    removeOnFail: { age: 31 * DAY_S },
  };
  const deliver = {
    slack: new Queue(deliverQueueName("slack"), { connection, prefix, defaultJobOptions: deliveryJobOptions }),
    lark: new Queue(deliverQueueName("lark"), { connection, prefix, defaultJobOptions: deliveryJobOptions }),
  };
  return {
    prefix,
    runs,
    deliver,
    deliveryJobOptions,
    async close() {
      await Promise.all([runs.close(), deliver.slack.close(), deliver.lark.close()]);
    },
  };
}
