// The queries of the scheduled jobs and the worker: who a job's messages go to, a person's contact
// details (chat links, language, eligibility) and the organization's primary platform. Rows are
// checked with zod here; the jobs decide what to do with them.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { PLATFORMS, type PlatformName } from "../platform.ts";

/** Salespeople who get the daily message: active, with a KPI plan, not muted (with their team). */
export async function dailyRecipients(sql: Sql): Promise<{ id: number; team: string | null }[]> {
  const res = await sql.query(
    `SELECT e.id, t.external_id AS team FROM employees e LEFT JOIN teams t ON t.id = e.team_id
     WHERE e.role = 'sales' AND e.status = 'active' AND e.plan_id IS NOT NULL AND NOT e.daily_muted
     ORDER BY e.external_id COLLATE "C"`,
  );
  const row = z.object({ id: z.number(), team: z.string().nullable() });
  return res.rows.map((r) => row.parse(r));
}

/** Teams with scored members (active salespeople with a plan), with their active manager if any. */
export async function scoredTeams(sql: Sql): Promise<{ id: number; externalId: string; managerId: number | null }[]> {
  const res = await sql.query(
    `SELECT t.id, t.external_id AS "externalId", m.id AS "managerId"
     FROM teams t LEFT JOIN employees m ON m.id = t.manager_id AND m.status = 'active'
     WHERE EXISTS (SELECT 1 FROM employees e WHERE e.team_id = t.id AND e.role = 'sales' AND e.status = 'active' AND e.plan_id IS NOT NULL)
     ORDER BY t.external_id COLLATE "C"`,
  );
  const row = z.object({ id: z.number(), externalId: z.string(), managerId: z.number().nullable() });
  return res.rows.map((r) => row.parse(r));
}

/** Who gets a closed month's messages: its still-active salespeople, and each team's active manager. */
export async function monthEndRecipients(
  sql: Sql,
  period: string,
  version: number,
): Promise<{ people: number[]; teams: { teamId: number; teamExternalId: string; managerId: number }[] }> {
  const people = await sql.query(
    `SELECT e.id FROM month_close_entries x JOIN month_closes c ON c.id = x.close_id JOIN employees e ON e.id = x.employee_id
     WHERE c.period = $1 AND c.version = $2 AND e.status = 'active' ORDER BY e.external_id COLLATE "C"`,
    [period, version],
  );
  const teams = await sql.query(
    `SELECT DISTINCT x.team_id AS "teamId", t.external_id AS "teamExternalId", m.id AS "managerId"
     FROM month_close_entries x JOIN month_closes c ON c.id = x.close_id
     JOIN teams t ON t.id = x.team_id JOIN employees m ON m.id = t.manager_id AND m.status = 'active'
     WHERE c.period = $1 AND c.version = $2 ORDER BY 1`,
    [period, version],
  );
  const person = z.object({ id: z.number() });
  const team = z.object({ teamId: z.number(), teamExternalId: z.string(), managerId: z.number() });
  return { people: people.rows.map((r) => person.parse(r).id), teams: teams.rows.map((r) => team.parse(r)) };
}

/** Active employees' ids by externalId (the services speak externalIds; deliveries address ids). */
export async function activeEmployeeIds(sql: Sql, externalIds: string[]): Promise<Map<string, number>> {
  if (!externalIds.length) return new Map();
  const res = await sql.query<{ id: number; external_id: string }>(
    `SELECT id, external_id FROM employees WHERE external_id = ANY($1::text[]) AND status = 'active'`,
    [[...new Set(externalIds)]],
  );
  return new Map(res.rows.map((r) => [r.external_id, r.id]));
}

/** The active admins (they hear about what a run could not deliver). */
export async function activeAdminIds(sql: Sql): Promise<number[]> {
  const res = await sql.query<{ id: number }>(
    `SELECT id FROM employees WHERE role = 'admin' AND status = 'active' ORDER BY id`,
  );
  return res.rows.map((r) => r.id);
}

/** The active HR staff (they get the whole company's month-end report). */
export async function activeHrIds(sql: Sql): Promise<number[]> {
  const res = await sql.query<{ id: number }>(
    `SELECT id FROM employees WHERE role = 'hr' AND status = 'active' ORDER BY id`,
  );
  return res.rows.map((r) => r.id);
}

/** A person as the worker needs them to address a message. */
export interface Contact {
  id: number;
  externalId: string;
  name: string;
  email: string | null;
  role: "sales" | "manager" | "hr" | "admin";
  status: "active" | "on_leave" | "left";
  teamId: number | null;
  locale: string | null;
  dailyMuted: boolean;
  /** Linked accounts by platform (the most recent link when there are several). */
  accounts: Partial<Record<PlatformName, string>>;
}

const contactRow = z.object({
  id: z.number(),
  externalId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(["sales", "manager", "hr", "admin"]),
  status: z.enum(["active", "on_leave", "left"]),
  teamId: z.number().nullable(),
  locale: z.string().nullable(),
  dailyMuted: z.boolean(),
  slack: z.string().nullable(),
  lark: z.string().nullable(),
});

export async function loadContacts(sql: Sql, employeeIds: number[]): Promise<Map<number, Contact>> {
  if (employeeIds.length === 0) return new Map();
  const res = await sql.query(
    `SELECT e.id, e.external_id AS "externalId", e.name, e.email, e.role::text AS role, e.status::text AS status, e.team_id AS "teamId",
       e.locale, e.daily_muted AS "dailyMuted",
       (SELECT c.user_id FROM chat_identities c WHERE c.employee_id = e.id AND c.platform = 'slack' ORDER BY c.id DESC LIMIT 1) AS slack,
       (SELECT c.user_id FROM chat_identities c WHERE c.employee_id = e.id AND c.platform = 'lark' ORDER BY c.id DESC LIMIT 1) AS lark
     FROM employees e WHERE e.id = ANY($1::int[])`,
    [employeeIds],
  );
  const out = new Map<number, Contact>();
  for (const raw of res.rows) {
    const r = contactRow.parse(raw);
    const accounts: Partial<Record<PlatformName, string>> = {};
    if (r.slack) accounts.slack = r.slack;
    if (r.lark) accounts.lark = r.lark;
    out.set(r.id, {
      id: r.id,
      externalId: r.externalId,
      name: r.name,
      email: r.email,
      role: r.role,
      status: r.status,
      teamId: r.teamId,
      locale: r.locale,
      dailyMuted: r.dailyMuted,
      accounts,
    });
  }
  return out;
}

/** The organization's chosen primary platform (null when none is set or the value is unknown). */
export async function chosenPrimaryPlatform(sql: Sql): Promise<PlatformName | null> {
  const res = await sql.query<{ p: string | null }>(
    `SELECT primary_platform::text AS p FROM organization WHERE id = 1`,
  );
  return z
    .enum(PLATFORMS)
    .nullable()
    .catch(null)
    .parse(res.rows[0]?.p ?? null);
}

export async function loadContact(sql: Sql, employeeId: number): Promise<Contact | null> {
  return (await loadContacts(sql, [employeeId])).get(employeeId) ?? null;
}
