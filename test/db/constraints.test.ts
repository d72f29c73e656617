// Hand-written constraints (prisma/migrations/20261127000100_constraints): the database itself
// refuses rows that would corrupt KPI results, whatever code path writes them.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";

let fresh: FreshDatabase;
let sql: pg.Client;
let seq = 0;
/** A unique external id, so every accepted row can stay in the shared database. */
const ext = (prefix: string) => `${prefix}-${++seq}`;

beforeAll(async () => {
  fresh = await freshDatabase();
  sql = new pg.Client({ connectionString: fresh.url });
  await sql.connect();
  // The minimum graph the constrained rows hang off (ids are 1 in a fresh database).
  await sql.query(`
    INSERT INTO employees (external_id, name, role) VALUES ('E1', 'Rep', 'sales');
    INSERT INTO customers (external_id, name, owner_id) VALUES ('C1', 'Customer', 1);
    INSERT INTO orders (external_id, customer_id, owner_id, booked_at, revenue, cost, status)
      VALUES ('O1', 1, 1, now(), 100, 60, 'booked');
    INSERT INTO teams (external_id, name) VALUES ('T1', 'Team');
    INSERT INTO kpi_plans (key, name) VALUES ('standard', 'Standard');
    INSERT INTO candidates (external_id, name, resume_text) VALUES ('CA1', 'Candidate', 'resume');
    INSERT INTO job_openings (external_id, title, keyword_profile) VALUES ('J1', 'Sales rep', '{}');
    INSERT INTO applications (external_id, candidate_id, opening_id) VALUES ('A1', 1, 1);
  `);
});

afterAll(async () => {
  await sql?.end();
  await fresh?.drop();
});

/** Expects `statement` to be refused by the named constraint. */
async function expectRefusedBy(constraint: string, statement: string, params: unknown[] = []) {
  await expect(sql.query(statement, params)).rejects.toMatchObject({ constraint });
}

describe("check constraints", () => {
  it("organization: there is only organization 1", async () => {
    await sql.query(`INSERT INTO organization (id, name) VALUES (1, 'Golden East')`);
    await expectRefusedBy("organization_singleton_check", `INSERT INTO organization (id, name) VALUES (2, 'Second')`);
  });

  it("orders: revenue and cost are never negative", async () => {
    const insert = `INSERT INTO orders (external_id, customer_id, owner_id, booked_at, revenue, cost, status)
                    VALUES ($1, 1, 1, now(), $2, $3, 'booked')`;
    await sql.query(insert, [ext("O"), 0, 0]);
    await expectRefusedBy("orders_revenue_check", insert, [ext("O"), -0.01, 0]);
    await expectRefusedBy("orders_cost_check", insert, [ext("O"), 10, -1]);
  });

  it("ratings: score is between 1 and 5", async () => {
    const insert = `INSERT INTO ratings (external_id, order_id, score, rater_department, rated_at)
                    VALUES ($1, 1, $2, 'ops', now())`;
    await sql.query(insert, [ext("R"), 1]);
    await sql.query(insert, [ext("R"), 5]);
    await expectRefusedBy("ratings_score_check", insert, [ext("R"), 0]);
    await expectRefusedBy("ratings_score_check", insert, [ext("R"), 6]);
  });

  it("leads: a converted or lost lead has a closed_at", async () => {
    const insert = `INSERT INTO leads (external_id, owner_id, created_at, status, closed_at) VALUES ($1, 1, now(), $2, $3)`;
    await sql.query(insert, [ext("L"), "open", null]);
    await sql.query(insert, [ext("L"), "converted", new Date()]);
    await expectRefusedBy("leads_closed_at_check", insert, [ext("L"), "converted", null]);
    await expectRefusedBy("leads_closed_at_check", insert, [ext("L"), "lost", null]);
  });

  it("targets and team goals: period is a YYYY-MM month", async () => {
    const target = `INSERT INTO targets (employee_id, period, metric, value) VALUES (1, $1, 'shipments', 10)`;
    await sql.query(target, ["2026-10"]);
    await sql.query(target, ["2026-12"]);
    for (const bad of ["2026-13", "2026-00", "2026-1", "202610", "26-10-1"]) {
      await expectRefusedBy("targets_period_check", target, [bad]);
    }
    const goal = `INSERT INTO team_goals (team_id, period, metric, value, bonus_tiers) VALUES (1, $1, 'shipments', 10, '[]')`;
    await sql.query(goal, ["2026-10"]);
    await expectRefusedBy("team_goals_period_check", goal, ["2026-13"]);
  });

  it("team goals: value is positive", async () => {
    const goal = `INSERT INTO team_goals (team_id, period, metric, value, bonus_tiers) VALUES (1, '2026-11', $1, $2, '[]')`;
    await sql.query(goal, ["booked_revenue", 0.0001]);
    await expectRefusedBy("team_goals_value_check", goal, ["gross_profit", 0]);
  });

  it("kpi plans: cap is at least 1 and 0 <= floor < 1", async () => {
    const insert = `INSERT INTO kpi_plans (key, name, cap, floor) VALUES ($1, 'Plan', $2, $3)`;
    await sql.query(insert, [ext("p"), 1, 0]);
    await sql.query(insert, [ext("p"), 1.5, 0.9999]);
    await expectRefusedBy("kpi_plans_cap_check", insert, [ext("p"), 0.99, 0]);
    await expectRefusedBy("kpi_plans_floor_check", insert, [ext("p"), 1.2, 1]);
    await expectRefusedBy("kpi_plans_floor_check", insert, [ext("p"), 1.2, -0.1]);
  });

  it("kpi plan items: weight is in (0, 100]", async () => {
    const insert = `INSERT INTO kpi_plan_items (plan_id, position, metric, weight) VALUES (1, $1, $2, $3)`;
    await sql.query(insert, [1, "booked_revenue", 100]);
    await sql.query(insert, [2, "shipments", 0.5]);
    await expectRefusedBy("kpi_plan_items_weight_check", insert, [3, "gross_profit", 0]);
    await expectRefusedBy("kpi_plan_items_weight_check", insert, [4, "new_customers", 100.0001]);
  });

  it("teams: a team is not its own parent", async () => {
    await sql.query(`INSERT INTO teams (external_id, name, parent_id) VALUES ('T-branch', 'Branch', 1)`);
    await expectRefusedBy("teams_parent_check", `UPDATE teams SET parent_id = id WHERE external_id = 'T-branch'`);
  });

  it("offers: the deadline is after the offer was sent", async () => {
    const insert = `INSERT INTO offers (external_id, application_id, sent_at, deadline_at)
                    VALUES ($1, 1, '2026-10-01T00:00:00Z', $2)`;
    await sql.query(insert, [ext("OF"), "2026-10-08T00:00:00Z"]);
    await expectRefusedBy("offers_deadline_check", insert, [ext("OF"), "2026-10-01T00:00:00Z"]);
    await expectRefusedBy("offers_deadline_check", insert, [ext("OF"), "2026-09-30T00:00:00Z"]);
  });

  it("api keys: scopes are only 'ingest' and 'read'", async () => {
    const insert = `INSERT INTO api_keys (name, prefix, hash, scopes) VALUES ('key', 'pk_', $1, $2)`;
    await sql.query(insert, [ext("h"), ["ingest", "read"]]);
    await sql.query(insert, [ext("h"), []]);
    await expectRefusedBy("api_keys_scopes_check", insert, [ext("h"), ["read", "admin"]]);
  });

  it("deliveries: attempts are never negative", async () => {
    const insert = `INSERT INTO deliveries (idempotency_key, kind, attempts) VALUES ($1, 'daily', $2)`;
    await sql.query(insert, [ext("d"), 0]);
    await expectRefusedBy("deliveries_attempts_check", insert, [ext("d"), -1]);
  });
});

describe("month-close snapshots are immutable", () => {
  beforeAll(async () => {
    await sql.query(`
      INSERT INTO month_closes (period, version, timezone, closed_by, result_hash, result)
        VALUES ('2026-10', 1, 'Asia/Shanghai', 'cli', 'h1', '{}');
      INSERT INTO month_close_entries (close_id, employee_id, plan_key, metrics, points, base, team_bonus, total)
        VALUES (1, 1, 'standard', '{}', '{}', 80, 5, 85);
    `);
  });

  const immutable = /month-close snapshots are immutable.*re-close the month to create a new version/;

  it.each([
    ["UPDATE", `UPDATE month_closes SET reason = 'fix' WHERE id = 1`],
    ["DELETE", `DELETE FROM month_closes WHERE id = 1`],
    ["UPDATE", `UPDATE month_close_entries SET total = 100 WHERE close_id = 1`],
    ["DELETE", `DELETE FROM month_close_entries WHERE close_id = 1`],
  ])("%s is refused: %s", async (_op, statement) => {
    await expect(sql.query(statement)).rejects.toThrow(immutable);
  });

  it("a re-close inserts a new version instead", async () => {
    await sql.query(`INSERT INTO month_closes (period, version, timezone, closed_by, result_hash, result)
                     VALUES ('2026-10', 2, 'Asia/Shanghai', 'cli', 'h2', '{}')`);
    const { rows } = await sql.query(`SELECT version, total::text FROM month_closes c
                                      LEFT JOIN month_close_entries e ON e.close_id = c.id ORDER BY version`);
    expect(rows).toEqual([
      { version: 1, total: "85.00" },
      { version: 2, total: null },
    ]);
  });
});

describe("indexes", () => {
  it("pending offers are indexed by deadline (partial index)", async () => {
    const { rows } = await sql.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'offers_pending_deadline_idx'`,
    );
    expect(rows[0]?.indexdef).toMatch(
      /ON public\.offers USING btree \(deadline_at\) WHERE \(status = 'pending'::"OfferStatus"\)/,
    );
  });
});
