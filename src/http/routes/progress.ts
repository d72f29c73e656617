// GET /api/v1/employees/:externalId/progress?asOf= — the KPI engine's progress JSON for dashboards.
import type { FastifyInstance } from "fastify";
import { instant } from "../../kpi/fields.ts";
import { authenticate, bearer } from "../../services/api-keys.ts";
import { NotScoredError, progressFor } from "../../services/progress.ts";
import { NoOrganizationError } from "../../store/kpi-inputs.ts";
import type { ServerDeps } from "../server.ts";
import { withDeadline, DEFAULT_REQUEST_TIMEOUT_MS } from "../unavailable.ts";

// An employee id as the feeds define it (src/kpi/fields.ts externalId); anything else cannot
// name anyone, and a NUL byte would not even reach Postgres.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function badExternalId(id: string): string | null {
  if (id.trim() === "" || id.length > 128) return "must be 1 to 128 characters";
  if (id.includes("\u0000") || LONE_SURROGATE.test(id)) return "must not contain NUL characters or lone surrogates";
  return null;
}

export function registerProgressRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get<{ Params: { externalId: string }; Querystring: { asOf?: string } }>(
    "/api/v1/employees/:externalId/progress",
    (request, reply) =>
      withDeadline(deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, async () => {
        const auth = await authenticate(deps.pool, bearer(request.headers.authorization), "read");
        if (!auth.ok)
          return reply
            .code(auth.status)
            .send({ error: auth.status === 401 ? "unauthorized" : "forbidden", message: auth.message });
        const idProblem = badExternalId(request.params.externalId);
        if (idProblem) return reply.code(400).send({ error: "bad_request", message: `the employee id ${idProblem}` });
        let asOf = deps.now();
        if (request.query.asOf !== undefined) {
          const parsed = instant.safeParse(request.query.asOf);
          if (!parsed.success)
            return reply.code(400).send({ error: "bad_request", message: `asOf ${parsed.error.issues[0]!.message}` });
          asOf = parsed.data;
        }
        try {
          return await progressFor(deps.pool, request.params.externalId, asOf);
        } catch (error) {
          if (error instanceof NotScoredError)
            return reply
              .code(404)
              .send({ error: error.reason === "unknown" ? "not_found" : "not_scored", message: error.message });
          if (error instanceof NoOrganizationError)
            return reply.code(409).send({ error: "no_organization", message: error.message });
          throw error;
        }
      }),
  );
}
