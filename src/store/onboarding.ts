// SQL of ticking onboarding checklist items: who is acting, the new hire with their manager, the
// checklist item named by key, and the progress row (locked, then written). Rows validated here.
import { z } from "zod";
import type { Sql } from "../db/client.ts";

const personRow = z.object({
  id: z.number(),
  externalId: z.string(),
  name: z.string(),
  role: z.string(),
  status: z.string(),
});
export type OnboardingPersonRow = z.output<typeof personRow>;

/** An employee by external id: who they are and whether they are still there. */
export async function loadPerson(sql: Sql, externalId: string): Promise<OnboardingPersonRow | null> {
  const res = await sql.query(
    `SELECT id, external_id AS "externalId", name, role::text AS role, status::text AS status FROM employees WHERE external_id = $1`,
    [externalId],
  );
  return res.rows[0] ? personRow.parse(res.rows[0]) : null;
}

const newHireRow = personRow.extend({
  managerExternalId: z.string().nullable(),
});
export type TickNewHireRow = z.output<typeof newHireRow>;

/**
 * The new hire and their manager — their team's manager, or the parent team's when they manage
 * their own team (the same rule as the onboarding card's, store/recruit-sql.ts loadNewHires).
 */
export async function loadNewHireWithManager(sql: Sql, externalId: string): Promise<TickNewHireRow | null> {
  const res = await sql.query(
    `SELECT e.id, e.external_id AS "externalId", e.name, e.role::text AS role, e.status::text AS status,
            m.external_id AS "managerExternalId"
     FROM employees e
     LEFT JOIN teams t ON t.id = e.team_id
     LEFT JOIN teams pt ON pt.id = t.parent_id
     LEFT JOIN employees m ON m.id = CASE WHEN t.manager_id = e.id THEN pt.manager_id ELSE t.manager_id END
     WHERE e.external_id = $1`,
    [externalId],
  );
  return res.rows[0] ? newHireRow.parse(res.rows[0]) : null;
}

const itemRow = z.object({
  id: z.number(),
  templateKey: z.string(),
  key: z.string(),
  title: z.string(),
  kind: z.string(),
});
export type ChecklistItemRow = z.output<typeof itemRow>;

/**
 * The items named `itemKey` on the employee's checklist (their role's templates, plus any item
 * they already have progress on), in one template when `templateKey` is given.
 */
export async function findChecklistItems(
  sql: Sql,
  employeeId: number,
  itemKey: string,
  templateKey: string | null,
): Promise<ChecklistItemRow[]> {
  const res = await sql.query(
    `SELECT i.id, t.key AS "templateKey", i.key, i.title, i.kind
     FROM onboarding_template_items i JOIN onboarding_templates t ON t.id = i.template_id
     WHERE i.key = $2 AND ($3::text IS NULL OR t.key = $3)
       AND (t.role = (SELECT role FROM employees WHERE id = $1)
            OR EXISTS (SELECT 1 FROM onboarding_progress p WHERE p.employee_id = $1 AND p.item_id = i.id))
     ORDER BY t.key COLLATE "C"`,
    [employeeId, itemKey, templateKey],
  );
  return res.rows.map((r) => itemRow.parse(r));
}

/** Locks the employee's progress row on the item; null when there is none yet. */
export async function lockProgress(
  sql: Sql,
  employeeId: number,
  itemId: number,
): Promise<{ completedAt: Date | null } | null> {
  const res = await sql.query(
    `SELECT completed_at AS "completedAt" FROM onboarding_progress WHERE employee_id = $1 AND item_id = $2 FOR UPDATE`,
    [employeeId, itemId],
  );
  return res.rows[0] ? z.object({ completedAt: z.date().nullable() }).parse(res.rows[0]) : null;
}

/**
 * Marks the item done at `completedAt` (or not done: null) unless it already is; a row created
 * meanwhile by someone else is respected. Returns whether anything changed.
 */
export async function writeProgress(
  sql: Sql,
  employeeId: number,
  itemId: number,
  completedAt: Date | null,
): Promise<boolean> {
  const res = await sql.query(
    `INSERT INTO onboarding_progress AS p (employee_id, item_id, completed_at) VALUES ($1, $2, $3)
     ON CONFLICT (employee_id, item_id) DO UPDATE SET completed_at = EXCLUDED.completed_at, updated_at = now()
     WHERE (p.completed_at IS NULL) IS DISTINCT FROM (EXCLUDED.completed_at IS NULL)`,
    [employeeId, itemId, completedAt],
  );
  return res.rowCount === 1;
}
