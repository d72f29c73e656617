// "Details": the rows behind every number on a KPI card, paged for chat buttons.
//
// explainMetric lists exactly the rows the metric is computed from, for the same window the card
// used (the whole period, or [start, asOf) for progress) — so a salesperson can check any number
// against their orders, payments, leads and ratings. unpaidReceivables is the "unpaid" list.
import { PacerError } from "../errors.ts";
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { METRICS, type MetricKey } from "../kpi/metrics.ts";
import { isPeriod, localDate, type Period } from "../kpi/period.ts";
import {
  queryExplainRows,
  queryUnpaidReceivables,
  loadEmployeeRef,
  type ExplainRowOf,
  type UnpaidOrderRow,
} from "../store/explain-sql.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import { UnknownEmployeeError } from "./errors.ts";
import { metricWindow } from "./period-results.ts";

export { UnknownEmployeeError };

export type { ExplainRowOf, UnpaidOrderRow } from "../store/explain-sql.ts";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

const employeeId = z.number().int().positive();
const paging = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
};
// z.date() rejects an Invalid Date, which would otherwise reach SQL as NaN.
const instant = z.date();

export const explainInputSchema = z.strictObject({
  employeeId,
  period: z.string().refine(isPeriod, "must be a period YYYY-MM, e.g. 2026-10"),
  metric: z.enum(METRICS),
  asOf: instant.optional(),
  ...paging,
});
export type ExplainInput = z.input<typeof explainInputSchema>;

export const unpaidOptionsSchema = z.strictObject(paging);
export type UnpaidOptions = z.input<typeof unpaidOptionsSchema>;

/** Bad arguments (from a card callback or the CLI): the message names every offending field. */
export class ExplainInputError extends PacerError {
  static override readonly code = "explain.invalid_input";
  static override readonly userMessage = {
    "zh-CN": "明细请求的参数无效。",
    en: "The details request has invalid arguments.",
  };
  static override readonly httpStatus = 400;
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(`Invalid details request: ${issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
    this.name = "ExplainInputError";
  }
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ExplainInputError(r.error.issues);
  return r.data;
}

async function requireEmployee(sql: Sql, id: number) {
  const employee = await loadEmployeeRef(sql, id);
  if (!employee) throw new UnknownEmployeeError(id);
  return employee;
}

interface Page<T> {
  rows: T[];
  /** Rows in all pages. */
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface Explanation<M extends MetricKey> extends Page<ExplainRowOf[M]> {
  metric: M;
  employeeId: number;
  period: Period;
  /** The window the rows were selected from: [from, to). */
  window: { from: Date; to: Date };
}

/**
 * The rows that make up `metric` for one employee in `period` (as of `asOf` when given), one page
 * of them in a stable order, with the total count. Throws ExplainInputError or UnknownEmployeeError.
 */
export async function explainMetric<M extends MetricKey>(
  sql: Sql,
  input: ExplainInput & { metric: M },
): Promise<Explanation<M>> {
  const args = parse(explainInputSchema, input);
  const metric = args.metric as M;
  await requireEmployee(sql, args.employeeId);
  const { timezone } = await loadOrganization(sql);
  const window = metricWindow(args.period, timezone, args.asOf);
  const offset = (args.page - 1) * args.pageSize;
  const { rows, total } = await queryExplainRows(sql, metric, args.employeeId, window, {
    offset,
    limit: args.pageSize,
  });
  return {
    metric,
    employeeId: args.employeeId,
    period: args.period,
    window: { from: window.from, to: window.to },
    rows,
    total,
    page: args.page,
    pageSize: args.pageSize,
    hasMore: offset + rows.length < total,
  };
}

export interface UnpaidReceivables extends Page<UnpaidOrderRow> {
  employeeId: number;
  asOf: Date;
  /** Σ outstanding over all pages, exact decimal. */
  totalOutstanding: string;
}

/**
 * Live orders of the employee booked before `asOf` that still have money outstanding at `asOf`
 * (revenue − payments before it > 0), oldest due date first; orders without a due date come last.
 */
export async function unpaidReceivables(
  sql: Sql,
  employeeIdArg: number,
  asOfArg: Date,
  options: UnpaidOptions = {},
): Promise<UnpaidReceivables> {
  const id = parse(employeeId, employeeIdArg);
  const asOf = parse(instant, asOfArg);
  const { page, pageSize } = parse(unpaidOptionsSchema, options);
  await requireEmployee(sql, id);
  const { timezone } = await loadOrganization(sql);
  const offset = (page - 1) * pageSize;
  const res = await queryUnpaidReceivables(sql, id, asOf, localDate(asOf, timezone), { offset, limit: pageSize });
  return {
    employeeId: id,
    asOf,
    rows: res.rows,
    total: res.total,
    totalOutstanding: res.sum ?? "0.00",
    page,
    pageSize,
    hasMore: offset + res.rows.length < res.total,
  };
}
