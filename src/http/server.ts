// The one HTTP server: health, metrics, the ingest and progress APIs — and, later, the Slack and
// Lark endpoints. Bodies are read as text and parsed by each route, because the platforms' request
// signatures are computed over the raw body and the ingest API accepts several formats.
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import type pg from "pg";
import type { Redis } from "ioredis";
import type { Logger } from "../log.ts";
import type { Metrics } from "./metrics.ts";
import { registerHealthRoutes } from "./routes/health.ts";
import { registerIngestRoutes } from "./routes/ingest.ts";
import { registerProgressRoutes } from "./routes/progress.ts";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "./unavailable.ts";

export interface ServerDeps {
  pool: pg.Pool;
  redis: Redis;
  log: Logger;
  metrics: Metrics;
  /** The business clock (PACER_NOW or real time). */
  now: () => Date;
  /** Largest accepted body, bytes (default 20 MiB: a 5,000-order batch is about 1.5 MiB). */
  bodyLimit?: number;
  /**
   * Longest an API request may take before it is answered 503 (default 15 s): a stalled Postgres
   * must not leave the client without an answer. Keep it above the pool's statement timeout.
   */
  requestTimeoutMs?: number;
  /** Rows from which an ingest batch takes the COPY path (default: src/ingest/batch.ts). */
  ingestBulkThreshold?: number;
  /** More dependencies for /readyz, read at each request (the Lark long connection). */
  readiness?: () => Record<string, "ok" | "down">;
}

export const TEXT_TYPES = [
  "application/json",
  "application/x-ndjson",
  "application/ndjson",
  "application/jsonl",
  "text/csv",
  "application/csv",
  "text/plain",
  "application/x-www-form-urlencoded",
];

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? 20 * 1024 * 1024,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    disableRequestLogging: false,
    return503OnClosing: true,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(TEXT_TYPES, { parseAs: "string" }, (_req, body, done) => done(null, body));

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    deps.metrics.httpRequests.inc(labels);
    deps.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE")
      return reply.code(413).send({
        error: "payload_too_large",
        message: `the body is larger than ${request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} bytes; send smaller batches`,
      });
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return reply.code(415).send({
        error: "unsupported_media_type",
        message: `unsupported Content-Type; use ${TEXT_TYPES.slice(0, 5).join(", ")}`,
      });
    if (error.statusCode && error.statusCode < 500)
      return reply.code(error.statusCode).send({ error: "bad_request", message: error.message });
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, "database unavailable");
      return reply
        .code(503)
        .header("retry-after", String(RETRY_AFTER_SECONDS))
        .send({
          error: "unavailable",
          // A stalled commit may still land once the database answers; re-sending is safe (upserts).
          message: `the database is not answering; retry in ${RETRY_AFTER_SECONDS} s (re-sending the same batch is safe)`,
          requestId: request.id,
        });
    }
    request.log.error({ err: error }, "request failed");
    return reply
      .code(500)
      .send({ error: "internal", message: "internal error; see the server log", requestId: request.id });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: "not_found", message: `no route ${request.method} ${request.url}` }),
  );

  registerHealthRoutes(app, deps);
  registerIngestRoutes(app, deps);
  registerProgressRoutes(app, deps);
  return app;
}
