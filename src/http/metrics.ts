// Prometheus metrics of one server instance (its own registry, so tests and several servers in one
// process do not collide).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route" | "status">;
  ingestRows: Counter<"entity" | "result">;
  queueDepth: Gauge<"queue" | "state">;
  /** Scheduled messages by platform, kind and result (sent, skipped, failed). */
  deliveries: Counter<"platform" | "kind" | "result">;
  /** Sends held back by a rate limit: our own buckets ("bucket") or the platform's 429 ("platform"). */
  rateLimited: Counter<"platform" | "source">;
}

export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults ?? true) collectDefaultMetrics({ register: registry, prefix: "pacer_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "pacer_http_requests_total",
      help: "HTTP requests by route and status",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "pacer_http_request_duration_seconds",
      help: "HTTP request latency",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ingestRows: new Counter({
      name: "pacer_ingest_rows_total",
      help: "Rows received by the ingest API, by entity and result (created, updated, unchanged, rejected)",
      labelNames: ["entity", "result"],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "pacer_queue_jobs",
      help: "Jobs in the scheduler's queues by state",
      labelNames: ["queue", "state"],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "pacer_deliveries_total",
      help: "Scheduled messages by platform, kind and result (sent, skipped, failed)",
      labelNames: ["platform", "kind", "result"],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "pacer_rate_limited_total",
      help: "Sends held back by a rate limit, by platform and source (bucket: our own limits; platform: a 429)",
      labelNames: ["platform", "source"],
      registers: [registry],
    }),
  };
}
