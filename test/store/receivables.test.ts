// Overdue receivables as the store finds them: live orders whose due date is before the
// organization's local today (Asia/Shanghai, not UTC) and whose collected total — payments with
// refunds, as of the instant asked about — is below revenue; snoozed orders left out until the
// snooze ends. Against the real database, at fixed business clocks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { overdueReceivables, receivablesRecipients } from "../../src/store/receivables.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";

const TZ = "Asia/Shanghai";
/** Monday 12 October 2026, 09:00 in Shanghai (01:00 UTC). */
const MONDAY = new Date("2026-10-12T09:00:00+08:00");

let fresh: FreshDatabase;
let database: Database;

async function order(externalId: string, owner: string, o: { revenue: string; due: string | null; status?: string }) {
  await database.pool.query(
    `INSERT INTO orders (external_id, customer_id, owner_id, booked_at, revenue, cost, status, due_date)
     SELECT $1, c.id, e.id, '2026-09-01T02:00:00Z', $3, 0, $4::"OrderStatus", $5::date
     FROM customers c, employees e WHERE c.external_id = 'C-1' AND e.external_id = $2`,
    [externalId, owner, o.revenue, o.status ?? "completed", o.due],
  );
}

async function pay(order: string, id: string, amount: string, paidAt = "2026-10-05T02:00:00Z") {
  await database.pool.query(
    `INSERT INTO payments (external_id, order_id, paid_at, amount) SELECT $2, id, $3, $4 FROM orders WHERE external_id = $1`,
    [order, id, paidAt, amount],
  );
}

const ids = async (asOf: Date) => (await overdueReceivables(database.pool, { asOf, tz: TZ })).map((o) => o.externalId);

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  await database.pool.query(`
    INSERT INTO organization (id, name, timezone) VALUES (1, 'Org', 'Asia/Shanghai');
    INSERT INTO employees (external_id, name, role) VALUES ('M-1', 'Manager One', 'manager');
    INSERT INTO teams (external_id, name, manager_id) SELECT 'T-1', 'Team One', id FROM employees WHERE external_id = 'M-1';
    INSERT INTO employees (external_id, name, role, team_id) SELECT 'E-1', 'Rep One', 'sales', id FROM teams;
    INSERT INTO employees (external_id, name, role, team_id) SELECT 'E-2', 'Rep Two', 'sales', id FROM teams;
    INSERT INTO employees (external_id, name, role) VALUES ('E-3', 'Rep Three', 'sales');
    INSERT INTO customers (external_id, name) VALUES ('C-1', 'Acme Freight');
  `);
  await order("O-TODAY", "E-1", { revenue: "1000.00", due: "2026-10-12" });
  await order("O-YESTERDAY", "E-1", { revenue: "1000.00", due: "2026-10-11" });
  await order("O-PARTIAL", "E-1", { revenue: "35000.50", due: "2026-10-01" });
  await pay("O-PARTIAL", "P-1", "10000.00");
  await order("O-REFUND", "E-2", { revenue: "500.00", due: "2026-10-01" });
  await pay("O-REFUND", "P-2", "500.00");
  await pay("O-REFUND", "P-3", "-200.00", "2026-10-06T02:00:00Z");
  await order("O-OVERPAID", "E-2", { revenue: "500.00", due: "2026-10-01" });
  await pay("O-OVERPAID", "P-4", "600.00");
  await order("O-PAID", "E-2", { revenue: "500.00", due: "2026-10-01" });
  await pay("O-PAID", "P-5", "500.00");
  await order("O-CANCELLED", "E-2", { revenue: "800.00", due: "2026-10-01", status: "cancelled" });
  await order("O-NO-DUE", "E-2", { revenue: "800.00", due: null });
  await order("O-LATE-PAY", "E-3", { revenue: "300.00", due: "2026-10-01" });
  await pay("O-LATE-PAY", "P-6", "300.00", "2026-10-20T02:00:00Z");
});

afterAll(async () => {
  await database?.close();
  await fresh?.drop();
});

describe("overdue receivables", () => {
  it("lists live, unpaid orders past their due date, largest amount due first, with days overdue", async () => {
    const rows = await overdueReceivables(database.pool, { asOf: MONDAY, tz: TZ });
    expect(rows.map((r) => [r.externalId, r.amountDue, r.collected, r.daysOverdue, r.customer])).toEqual([
      ["O-PARTIAL", "25000.50", "10000.00", 11, "Acme Freight"],
      ["O-YESTERDAY", "1000.00", "0.00", 1, "Acme Freight"],
      ["O-LATE-PAY", "300.00", "0.00", 11, "Acme Freight"],
      ["O-REFUND", "200.00", "300.00", 11, "Acme Freight"],
    ]);
    expect(rows[0]).toMatchObject({ ownerExternalId: "E-1", ownerName: "Rep One", dueDate: "2026-10-01" });
  });

  it("does not count an order due today, a cancelled one, one without a due date, or one paid in full or over", async () => {
    const listed = await ids(MONDAY);
    for (const id of ["O-TODAY", "O-CANCELLED", "O-NO-DUE", "O-PAID", "O-OVERPAID"]) expect(listed).not.toContain(id);
  });

  it("reads the due date in the organization's calendar across the UTC day edge", async () => {
    // 23:30 Sunday in Shanghai (15:30 UTC): the 11th is still today there.
    expect(await ids(new Date("2026-10-11T15:30:00Z"))).not.toContain("O-YESTERDAY");
    // 00:30 Monday in Shanghai, still Sunday 16:30 in UTC: the 11th has passed.
    const rows = await overdueReceivables(database.pool, { asOf: new Date("2026-10-11T16:30:00Z"), tz: TZ });
    expect(rows.find((r) => r.externalId === "O-YESTERDAY")?.daysOverdue).toBe(1);
    expect(rows.map((r) => r.externalId)).not.toContain("O-TODAY");
  });

  it("counts only payments made by the instant asked about", async () => {
    expect(await ids(MONDAY)).toContain("O-LATE-PAY");
    expect(await ids(new Date("2026-10-21T09:00:00+08:00"))).not.toContain("O-LATE-PAY");
  });

  it("leaves a snoozed order out until the snooze ends", async () => {
    await database.pool.query(
      `INSERT INTO receivable_snoozes (order_id, snoozed_by_id, reason, snoozed_at, until)
       SELECT o.id, o.owner_id, 'promised', '2026-10-12T03:00:00Z', '2026-10-18T16:00:00Z' FROM orders o WHERE external_id = 'O-PARTIAL'`,
    );
    expect(await ids(new Date("2026-10-13T09:00:00+08:00"))).not.toContain("O-PARTIAL");
    expect(await ids(new Date("2026-10-19T09:00:00+08:00"))).toContain("O-PARTIAL");
    // Before it was snoozed, it was listed.
    expect(await ids(MONDAY)).toContain("O-PARTIAL");
    await database.pool.query(`DELETE FROM receivable_snoozes`);
  });

  it("refuses a snooze with a reason the card does not offer, or one that ends before it starts", async () => {
    const insert = `INSERT INTO receivable_snoozes (order_id, snoozed_by_id, reason, snoozed_at, until)
       SELECT o.id, o.owner_id, $1, $2, $3 FROM orders o WHERE external_id = 'O-PARTIAL'`;
    await expect(
      database.pool.query(insert, ["bored", "2026-10-12T03:00:00Z", "2026-10-18T16:00:00Z"]),
    ).rejects.toThrow(/receivable_snoozes_reason_check/);
    await expect(
      database.pool.query(insert, ["other", "2026-10-12T03:00:00Z", "2026-10-12T03:00:00Z"]),
    ).rejects.toThrow(/receivable_snoozes_until_check/);
  });

  it("narrows to owners or to teams' members, and names who the job sends to", async () => {
    const e3 = (await database.pool.query(`SELECT id FROM employees WHERE external_id = 'E-3'`)).rows[0].id;
    const team = (await database.pool.query(`SELECT id FROM teams`)).rows[0].id;
    const mine = await overdueReceivables(database.pool, { asOf: MONDAY, tz: TZ, ownerIds: [e3] });
    expect(mine.map((r) => r.externalId)).toEqual(["O-LATE-PAY"]);
    const teams = await overdueReceivables(database.pool, { asOf: MONDAY, tz: TZ, teamIds: [team] });
    expect(teams.map((r) => r.externalId)).toEqual(["O-PARTIAL", "O-YESTERDAY", "O-REFUND"]);
    const who = await receivablesRecipients(database.pool, { asOf: MONDAY, tz: TZ });
    expect(who.ownerIds).toHaveLength(3);
    const manager = (await database.pool.query(`SELECT id FROM employees WHERE external_id = 'M-1'`)).rows[0].id;
    expect(who.teams).toEqual([{ teamId: team, managerId: manager }]);
  });
});
