// The worker's own tuning knobs (environment variables beyond README "Running in production", all optional),
// validated at start-up like the rest of the configuration.
import { z } from "zod";

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const workerConfigSchema = z.object({
  /** Redis key prefix of the queues and rate-limit buckets (one per deployment sharing a Redis). */
  PACER_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only")
    .default("pacer"),
  /** Deliveries processed at once per platform queue and process. */
  PACER_WORKER_CONCURRENCY: int(1, 256, 16),
  /** A job whose worker stops renewing its lock for this long is taken over by another worker. */
  PACER_WORKER_LOCK_MS: int(500, 600_000, 30_000),
  /** Tries per delivery before it is marked failed and the admins are told. */
  PACER_DELIVERY_ATTEMPTS: int(1, 50, 8),
  /** First retry delay; each next one doubles (5 s … 5 min 20 s with the defaults: ~10 minutes in all). */
  PACER_DELIVERY_BACKOFF_MS: int(10, 3_600_000, 5000),
  /** Port of the worker's /metrics and /healthz (0: none). */
  PACER_WORKER_METRICS_PORT: int(0, 65535, 9464),
});

export type WorkerConfig = z.output<typeof workerConfigSchema>;

export function loadWorkerConfig(source: Record<string, string | undefined> = process.env): WorkerConfig {
  const parsed = workerConfigSchema.safeParse(
    Object.fromEntries(Object.keys(workerConfigSchema.shape).map((k) => [k, source[k] === "" ? undefined : source[k]])),
  );
  if (parsed.success) return parsed.data;
  throw new Error(
    `Invalid worker configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")} ${i.message}`).join("\n")}`,
  );
}
