// The month-end team analysis report for HR: built from the month's close snapshot (its latest
// version), so it says exactly what was frozen. Per team: headcount, average and spread of totals,
// goal completion and bonus, the metric losing the most points on average (what to train), and the
// employees' rows as CSV for a spreadsheet.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { Rational, toRational } from "../kpi/decimal.ts";
import { METRICS, type MetricKey } from "../kpi/metrics.ts";
import type { CloseJson } from "../kpi/evaluate.ts";
import { loadPlans } from "../store/kpi-inputs.ts";

export interface TeamReport {
  externalId: string;
  name: string;
  members: number;
  averageTotal: string;
  highestTotal: string;
  lowestTotal: string;
  goals: { metric: MetricKey; actual: string; goal: string; completion: string | null; bonus: string }[];
  /** The plan metric with the most points lost per member, and how many. */
  weakest: { metric: MetricKey; averagePointsLost: string } | null;
}

export interface MonthReport {
  period: string;
  version: number;
  closedAt: string;
  employees: number;
  averageTotal: string;
  teams: TeamReport[];
  /** One row per scored employee, for the CSV file. */
  rows: CloseJson["employees"];
  names: Record<string, string>;
}

export class NoCloseError extends Error {
  constructor(readonly period: string) {
    super(
      `${period} has not been closed yet: run \`pacer close-month ${period}\` (the month-end job does it on the 1st)`,
    );
    this.name = "NoCloseError";
  }
}

const closeRow = z.object({
  version: z.number(),
  closed_at: z.date(),
  result: z.custom<CloseJson>((v) => typeof v === "object" && v !== null && "employees" in v),
});

const mean = (xs: Rational[]) => (xs.length ? Rational.sum(xs).div(Rational.fromInt(xs.length)) : Rational.ZERO);

export async function monthReport(sql: Sql, period: string): Promise<MonthReport> {
  const res = await sql.query(
    `SELECT version, closed_at, result FROM month_closes WHERE period = $1 ORDER BY version DESC LIMIT 1`,
    [period],
  );
  if (!res.rows[0]) throw new NoCloseError(period);
  const close = closeRow.parse(res.rows[0]);
  const result = close.result;

  const people = await sql.query<{ external_id: string; name: string }>(
    `SELECT external_id, name FROM employees WHERE external_id = ANY($1::text[])`,
    [result.employees.map((e) => e.externalId)],
  );
  const names = Object.fromEntries(people.rows.map((r) => [r.external_id, r.name]));
  const teamIds = [...new Set(result.employees.flatMap((e) => (e.teamExternalId ? [e.teamExternalId] : [])))];
  const teamsRes = await sql.query<{ external_id: string; name: string }>(
    `SELECT external_id, name FROM teams WHERE external_id = ANY($1::text[])`,
    [teamIds],
  );
  const teamName = new Map(teamsRes.rows.map((r) => [r.external_id, r.name]));
  const plans = await loadPlans(sql);

  const teams: TeamReport[] = teamIds.sort().map((teamId) => {
    const members = result.employees.filter((e) => e.teamExternalId === teamId);
    const totals = members.map((m) => toRational(m.total));
    const sorted = [...totals].sort((a, b) => a.cmp(b));
    // Points lost on a metric = its weight − the points earned (as on the progress card), per member.
    const lost = new Map<MetricKey, Rational[]>();
    for (const m of members) {
      for (const item of plans.get(m.plan)?.items ?? []) {
        const earned = m.points[item.metric];
        if (earned === undefined) continue;
        const gap = Rational.max(Rational.ZERO, toRational(item.weight).sub(toRational(earned)));
        lost.set(item.metric, [...(lost.get(item.metric) ?? []), gap]);
      }
    }
    let weakest: TeamReport["weakest"] = null;
    for (const [metric, values] of lost) {
      const avg = mean(values);
      if (avg.sign() > 0 && (!weakest || avg.gt(toRational(weakest.averagePointsLost))))
        weakest = { metric, averagePointsLost: avg.toFixed(2) };
    }
    return {
      externalId: teamId,
      name: teamName.get(teamId) ?? teamId,
      members: members.length,
      averageTotal: mean(totals).toFixed(2),
      highestTotal: (sorted[sorted.length - 1] ?? Rational.ZERO).toFixed(2),
      lowestTotal: (sorted[0] ?? Rational.ZERO).toFixed(2),
      goals: result.teams
        .filter((t) => t.externalId === teamId)
        .map((t) => ({ metric: t.metric, actual: t.actual, goal: t.goal, completion: t.completion, bonus: t.bonus })),
      weakest,
    };
  });

  return {
    period,
    version: close.version,
    closedAt: close.closed_at.toISOString(),
    employees: result.employees.length,
    averageTotal: mean(result.employees.map((e) => toRational(e.total))).toFixed(2),
    teams,
    rows: result.employees,
    names,
  };
}

const csvCell = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The report's rows as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese names). */
export function reportCsv(report: MonthReport): string {
  const header = [
    "period",
    "employee",
    "name",
    "team",
    "plan",
    ...METRICS,
    ...METRICS.map((m) => `points_${m}`),
    "base",
    "team_bonus",
    "total",
    "team_rank",
  ];
  const lines = report.rows.map((e) =>
    [
      report.period,
      e.externalId,
      report.names[e.externalId] ?? "",
      e.teamExternalId ?? "",
      e.plan,
      ...METRICS.map((m) => e.metrics[m]),
      ...METRICS.map((m) => e.points[m] ?? ""),
      e.base,
      e.teamBonus,
      e.total,
      e.teamRank,
    ]
      .map(csvCell)
      .join(","),
  );
  return `\uFEFF${[header.join(","), ...lines].join("\r\n")}\r\n`;
}
