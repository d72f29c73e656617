// Month close: freezes a period's results into an immutable, versioned snapshot.
// - Closing a period that has a snapshot returns it unchanged (idempotent), and says whether the
//   data has changed since (late data).
// - A re-close (`reclose: true`) is the explicit action for late data: it writes version N+1,
//   keeps version N, and records who did it and why in the audit log.
import { PacerError } from "../errors.ts";
import { createHash } from "node:crypto";
import type pg from "pg";
import { inTransaction } from "../db/client.ts";
import { toCloseJson, type CloseJson } from "../kpi/evaluate.ts";
import { isPeriod, type Period } from "../kpi/period.ts";
import { computePeriod } from "./period-results.ts";

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

export class InvalidPeriodError extends PacerError {
  static override readonly code = "period.invalid";
  static override readonly userMessage = {
    "zh-CN": "这不是有效的月份：请用 YYYY-MM，例如 2026-10。",
    en: "That is not a month: use YYYY-MM, e.g. 2026-10.",
  };
  static override readonly httpStatus = 400;
  constructor(readonly value: string) {
    super(`"${value}" is not a period: use YYYY-MM, e.g. 2026-10`);
    this.name = "InvalidPeriodError";
  }
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
      const latest = await client.query<{
        id: number;
        version: number;
        result_hash: string;
        result: CloseJson;
        closed_at: Date;
      }>(
        `SELECT id, version, result_hash, result, closed_at FROM month_closes WHERE period = $1 ORDER BY version DESC LIMIT 1`,
        [period],
      );
      const last = latest.rows[0];
      if (last && !options.reclose) {
        return {
          period,
          version: last.version,
          status: "unchanged",
          stale: last.result_hash !== hash,
          result: last.result,
          closedAt: last.closed_at,
          periodEnd: computed.window.to,
        };
      }
      const version = (last?.version ?? 0) + 1;
      const actor = options.actor ?? "system";
      const inserted = await client.query<{ id: number; closed_at: Date }>(
        `INSERT INTO month_closes (period, version, timezone, closed_by, reason, result_hash, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING id, closed_at`,
        [period, version, computed.organization.timezone, actor, options.reason ?? null, hash, JSON.stringify(result)],
      );
      const closeId = inserted.rows[0]!.id;
      const byExt = new Map(computed.result.people.map((p) => [p.person.externalId, p]));
      const entries = result.employees.map((e) => ({ e, p: byExt.get(e.externalId)! }));
      if (entries.length) {
        await client.query(
          `INSERT INTO month_close_entries (close_id, employee_id, team_id, plan_key, metrics, points, base, team_bonus, total, team_rank)
         SELECT $1, x.employee_id, e.team_id, x.plan_key, x.metrics, x.points, x.base, x.team_bonus, x.total, x.team_rank
         FROM jsonb_to_recordset($2::jsonb) AS x(employee_id int, plan_key text, metrics jsonb, points jsonb, base numeric, team_bonus numeric, total numeric, team_rank int)
         JOIN employees e ON e.id = x.employee_id`,
          [
            closeId,
            JSON.stringify(
              entries.map(({ e, p }) => ({
                employee_id: p.person.id,
                plan_key: e.plan,
                metrics: e.metrics,
                points: e.points,
                base: e.base,
                team_bonus: e.teamBonus,
                total: e.total,
                team_rank: e.teamRank,
              })),
            ),
          ],
        );
      }
      await client.query(
        `INSERT INTO audit_log (actor, action, entity, entity_id, details) VALUES ($1, $2, 'month_close', $3, $4::jsonb)`,
        [
          actor,
          last ? "month.reclose" : "month.close",
          `${period}#${version}`,
          JSON.stringify({
            period,
            version,
            previousVersion: last?.version ?? null,
            reason: options.reason ?? null,
            hash,
          }),
        ],
      );
      return {
        period,
        version,
        status: last ? "reclosed" : "created",
        stale: false,
        result,
        closedAt: inserted.rows[0]!.closed_at,
        periodEnd: computed.window.to,
      };
    },
    { isolation: "repeatable read", lock: ["pacer:close", period] },
  );
}
