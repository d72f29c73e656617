import { PacerError } from "../errors.ts";
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

/** A value of the close does not fit the snapshot's columns; names the employee and the field. */
export class CloseValueError extends PacerError {
  static override readonly code = "close.value_out_of_range";
  static override readonly userMessage = {
    "zh-CN": "月结失败：某位员工的结果超出了可保存的范围（见错误详情中的员工和字段）。",
    en: "The month close failed: an employee's result is out of the storable range (see the employee and field named).",
  };
  constructor(
    readonly period: string,
    readonly employee: string,
    readonly field: string,
    readonly value: string,
  ) {
    super(`cannot close ${period}: ${employee}'s ${field} is ${value}, outside what the close stores (|x| < 10^8)`);
    this.name = "CloseValueError";
  }
}

/** numeric(10,2): the base, team bonus and total columns of month_close_entries. */
const CLOSE_COLUMN_LIMIT = 1e8;

/**
 * Checks every stored figure before writing, so a close that cannot be stored says which row and
 * field (ingest bounds make this unreachable today; this is the net under them).
 */
export function checkCloseFits(result: CloseJson): void {
  for (const e of result.employees) {
    for (const [field, value] of [
      ["base", e.base],
      ["teamBonus", e.teamBonus],
      ["total", e.total],
    ] as const) {
      const n = Number(value);
      if (!Number.isFinite(n) || Math.abs(n) >= CLOSE_COLUMN_LIMIT)
        throw new CloseValueError(result.period, e.externalId, field, value);
    }
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
      checkCloseFits(result);
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
