// A second team and an admin, fed through the ingest API on top of the golden-east company, so HR's
// company-wide answers have more than one team to compare and managers have a team that is not
// theirs: 华北销售组 (T-NORTH, manager 孙浩 E-M2) with one veteran rep 陈晨 (E-D), and admin 吴刚.
import type pg from "pg";
import { ingestBatch } from "../../src/ingest/batch.ts";

const NORTH = { externalId: "T-NORTH", name: "华北销售组" };

export const SECOND_TEAM_PEOPLE = [
  { externalId: "E-M2", name: "孙浩", email: "sunhao@example.com", role: "manager", teamExternalId: "T-NORTH" },
  {
    externalId: "E-D",
    name: "陈晨",
    email: "chenchen@example.com",
    role: "sales",
    teamExternalId: "T-NORTH",
    level: "veteran",
    planKey: "veteran",
    hiredAt: "2021-05-10",
  },
  { externalId: "E-AD", name: "吴刚", email: "wugang@example.com", role: "admin" },
];

/** Feeds T-NORTH, its people, their targets and goal, and a little business for 陈晨. */
export async function feedSecondTeam(pool: pg.Pool): Promise<void> {
  await ingestBatch(pool, "teams", [{ ...NORTH, managerExternalId: null }]);
  await ingestBatch(pool, "employees", SECOND_TEAM_PEOPLE);
  await ingestBatch(pool, "teams", [{ ...NORTH, managerExternalId: "E-M2" }]);
  await ingestBatch(pool, "customers", [{ externalId: "C-N1", name: "天津港联物流", ownerExternalId: "E-D" }]);
  await ingestBatch(pool, "orders", [
    {
      externalId: "O-N1",
      customerExternalId: "C-N1",
      ownerExternalId: "E-D",
      bookedAt: "2026-10-08T02:00:00Z",
      revenue: "12000.00",
      cost: "10000.00",
      status: "completed",
      dueDate: "2026-11-07",
    },
  ]);
  await ingestBatch(pool, "payments", [
    { externalId: "P-N1", orderExternalId: "O-N1", paidAt: "2026-10-12T02:00:00Z", amount: "12000.00" },
  ]);
  await ingestBatch(pool, "targets", [
    { employeeExternalId: "E-D", period: "2026-10", metric: "collected_revenue", value: "50000" },
    { employeeExternalId: "E-D", period: "2026-10", metric: "repurchase_rate", value: "0.5" },
    { employeeExternalId: "E-D", period: "2026-10", metric: "profit_per_shipment", value: "3000" },
    { employeeExternalId: "E-D", period: "2026-10", metric: "collaboration_score", value: "4" },
  ]);
  await ingestBatch(pool, "team-goals", [
    {
      teamExternalId: "T-NORTH",
      period: "2026-10",
      metric: "shipments",
      value: "4",
      bonusTiers: [{ minCompletion: 1.0, points: 5 }],
    },
  ]);
}
