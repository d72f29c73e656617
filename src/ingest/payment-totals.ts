// An order's payments are summed into orders.paid_total (numeric(16,2), kept by a trigger): each
// payment fits numeric(14,2), but many of them on one order could overflow the roll-up, which
// would fail the whole batch in Postgres (and, before, answer 500). Checked here, per order, over
// what is stored plus what the batch sends, so such a batch is a 422 naming its rows.
import { Decimal } from "../kpi/decimal.ts";
import type { Sql } from "../db/client.ts";
import { storedPaymentTotals } from "../store/ingest-checks.ts";
import type { ParsedRow, RowError } from "./upsert.ts";

/** The largest |Σ amount| orders.paid_total holds: numeric(16,2). */
export const MAX_ORDER_PAID_TOTAL = new Decimal("99999999999999.99");

interface PaymentLike {
  externalId: string;
  orderExternalId: string;
  amount: string;
}

export async function checkPaymentTotals(sql: Sql, rows: ParsedRow<PaymentLike>[]): Promise<RowError[]> {
  if (rows.length === 0) return [];
  const orderIds = [...new Set(rows.map((r) => r.row.orderExternalId))];
  const ids = rows.map((r) => r.row.externalId);
  // What the order keeps after this batch: its stored payments that the batch does not replace.
  const stored = await storedPaymentTotals(sql, orderIds, ids);
  const totals = new Map<string, Decimal>(stored.map((r) => [r.k, new Decimal(r.total)]));
  for (const { row } of rows)
    totals.set(row.orderExternalId, (totals.get(row.orderExternalId) ?? new Decimal(0)).plus(row.amount));
  const errors: RowError[] = [];
  for (const { index, row } of rows) {
    const total = totals.get(row.orderExternalId)!;
    if (total.abs().greaterThan(MAX_ORDER_PAID_TOTAL))
      errors.push({
        entity: "payments",
        index,
        externalId: row.externalId,
        field: "amount",
        message: `the payments of order ${JSON.stringify(row.orderExternalId)} would total ${total.toFixed()}, beyond ±${MAX_ORDER_PAID_TOTAL.toFixed()}`,
      });
  }
  return errors;
}
