// Closes the month (idempotent; one close per period across processes).
import type { JobHandler } from "../../../jobs/define.ts";
import type { MonthClosePayload } from "../../../jobs/month-close.ts";
import { closeMonth } from "../../services/month-close.ts";

export const handler: JobHandler<MonthClosePayload> = {
  async run(ctx, payload) {
    const outcome = await closeMonth(ctx.pool, payload.period, { actor: "jobs:month-close" });
    ctx.log.info(
      { period: payload.period, version: outcome.version, status: outcome.status, stale: outcome.stale },
      "month close",
    );
    return {
      result: {
        period: payload.period,
        version: outcome.version,
        status: outcome.status,
        stale: outcome.stale,
        salespeople: outcome.result.employees.length,
      },
    };
  },
};
