import { createHash } from "node:crypto";
import type pg from "pg";
import { inTransaction } from "../db/client.ts";
import { toCloseJson, type CloseJson } from "../kpi/evaluate.ts";
import { isPeriod, type Period } from "../kpi/period.ts";
import { recordAudit } from "../store/audit.ts";
import { insertClose, insertCloseEntries, loadLatestClose } from "../store/month-closes.ts";
import { InvalidPeriodError } from "./errors.ts";
import { computePeriod } from "./period-results.ts";

export { InvalidPeriodError };

export interface CloseOptions {
  reclose?: boolean;
  actor?: string;
  reason?: string;
}

export interface CloseOutcome {
  period: Period;
  version: number;
  /** "created": first close; "unchanged": the existing snapshot was returned; "reclosed": new version. */
  status: "created" | "unchanged" | "reclosed";
  /** True when the stored snapshot no longer matches the data (late data; consider a re-close). */
  stale: boolean;
  result: CloseJson;
  closedAt: Date;
  /** End of the period (exclusive) in the organization's time zone. */
  periodEnd: Date;
}

function hashOf(result: CloseJson): string {
  return createHash("sha256").update(JSON.stringify(result)).digest("hex");
}

export async function closeMonth(pool: pg.Pool, period: string, options: CloseOptions = {}): Promise<CloseOutcome> {
  if (!isPeriod(period)) throw new InvalidPeriodError(period);
  // One close per period at a time across processes (the lock is taken before the transaction, so
  // its snapshot sees a close that committed while we waited), and one consistent view of the data
  // for the whole computation (repeatable read).
  return inTransaction(
    pool,
    async (client) => {
      const computed = await computePeriod(client, period);
      const result = toCloseJson(period, computed.organization.timezone, computed.result);
      const hash = hashOf(result);
      const last = await loadLatestClose(client, period);
      if (last && !options.reclose) {
        return {
          period,
          version: last.version,
          status: "unchanged",
          stale: last.resultHash !== hash,
          result: last.result,
          closedAt: last.closedAt,
          periodEnd: computed.window.to,
        };
      }
      const version = (last?.version ?? 0) + 1;
      const actor = options.actor ?? "system";
      const inserted = await insertClose(client, {
        period,
        version,
        timezone: computed.organization.timezone,
        actor,
        reason: options.reason ?? null,
        resultHash: hash,
        result,
      });
      const byExt = new Map(computed.result.people.map((p) => [p.person.externalId, p]));
      await insertCloseEntries(
        client,
        inserted.id,
        result.employees.map((e) => ({
          employee_id: byExt.get(e.externalId)!.person.id,
          plan_key: e.plan,
          metrics: e.metrics,
          points: e.points,
          base: e.base,
          team_bonus: e.teamBonus,
          total: e.total,
          team_rank: e.teamRank,
        })),
      );
      await recordAudit(client, {
        actor,
        action: last ? "month.reclose" : "month.close",
        entity: "month_close",
        entityId: `${period}#${version}`,
        details: { period, version, previousVersion: last?.version ?? null, reason: options.reason ?? null, hash },
      });
      return {
        period,
        version,
        status: last ? "reclosed" : "created",
        stale: false,
        result,
        closedAt: inserted.closedAt,
        periodEnd: computed.window.to,
      };
    },
    { isolation: "repeatable read", lock: ["pacer:close", period] },
  );
}
