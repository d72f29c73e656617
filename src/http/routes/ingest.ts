// POST /api/v1/ingest/:entity — the CRM / finance / order feeds.
import type { FastifyInstance } from "fastify";
import { authenticate, bearer } from "../../services/api-keys.ts";
import { IngestError, ingestBatch, UnknownEntityError } from "../../ingest/batch.ts";
import { BodyFormatError, formatOf, parseBody } from "../../ingest/formats.ts";
import type { ServerDeps } from "../server.ts";
import { withDeadline, DEFAULT_REQUEST_TIMEOUT_MS } from "../unavailable.ts";

export function registerIngestRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post<{ Params: { entity: string } }>("/api/v1/ingest/:entity", (request, reply) =>
    withDeadline(deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, async () => {
      const auth = await authenticate(deps.pool, bearer(request.headers.authorization), "ingest");
      if (!auth.ok)
        return reply
          .code(auth.status)
          .send({ error: auth.status === 401 ? "unauthorized" : "forbidden", message: auth.message });

      const entity = request.params.entity;
      let rows: unknown[];
      try {
        const format = formatOf(request.headers["content-type"]);
        rows = parseBody(typeof request.body === "string" ? request.body : "", format);
      } catch (error) {
        if (error instanceof BodyFormatError)
          return reply.code(400).send({ error: "malformed_body", format: error.format, message: error.message });
        throw error;
      }
      try {
        const counts = await ingestBatch(
          deps.pool,
          entity,
          rows,
          deps.ingestBulkThreshold === undefined ? {} : { bulkThreshold: deps.ingestBulkThreshold },
        );
        for (const [result, n] of Object.entries(counts)) if (n) deps.metrics.ingestRows.inc({ entity, result }, n);
        request.log.info({ entity, rows: rows.length, ...counts, apiKey: auth.name }, "ingested");
        return reply.code(200).send({ entity, received: rows.length, ...counts });
      } catch (error) {
        if (error instanceof UnknownEntityError)
          return reply.code(404).send({ error: "unknown_entity", message: error.message });
        if (error instanceof IngestError) {
          deps.metrics.ingestRows.inc({ entity, result: "rejected" }, rows.length);
          return reply.code(422).send({
            error: "invalid_rows",
            message: error.message,
            errors: error.errors.map(({ entity: _e, ...rest }) => rest),
          });
        }
        throw error;
      }
    }),
  );
}
