// Chat accounts ↔ employees in Postgres: the stored links (chat_identities), the employees a
// directory profile may match, and the viewer record permission checks are made with.
import type { Sql } from "../db/client.ts";
import { configCacheOf, invalidateConfig } from "../db/config-cache.ts";
import type { PlatformName } from "../platform.ts";

export interface ChatAccount {
  platform: PlatformName;
  /** Slack team id / Lark tenant key (recorded; v1 serves one workspace per platform). */
  workspaceId: string;
  userId: string;
}

/** The employee an account is linked to, with their status (a link to someone who left counts for nothing). */
export async function findChatLink(
  sql: Sql,
  account: Pick<ChatAccount, "platform" | "userId">,
): Promise<{ employeeId: number; status: string } | null> {
  // It opens every chat answer: kept in the config cache (links and employees notify it), "not
  // linked" included.
  const cache = configCacheOf(sql);
  const read = () => readChatLink(sql, account);
  return cache ? cache.get(`link:${account.platform}:${account.userId}`, read) : read();
}

async function readChatLink(
  sql: Sql,
  account: Pick<ChatAccount, "platform" | "userId">,
): Promise<{ employeeId: number; status: string } | null> {
  // Prepared once per connection.
  const res = await sql.query<{ employee_id: number; status: string }>({
    name: "pacer_chat_link",
    text: `SELECT c.employee_id, e.status::text AS status FROM chat_identities c JOIN employees e ON e.id = c.employee_id
     WHERE c.platform = $1::"ChatPlatform" AND c.user_id = $2`,
    values: [account.platform, account.userId],
  });
  const row = res.rows[0];
  return row ? Object.freeze({ employeeId: row.employee_id, status: row.status }) : null;
}

/** Links a chat account to an employee (manually by an admin, or automatically by email/mobile). */
export async function storeChatLink(
  sql: Sql,
  account: ChatAccount,
  employeeId: number,
  linkedBy: string,
): Promise<void> {
  // One account → one employee: replace whatever this account was linked to before.
  await sql.query(`DELETE FROM chat_identities WHERE platform = $1::"ChatPlatform" AND user_id = $2`, [
    account.platform,
    account.userId,
  ]);
  await sql.query(
    `INSERT INTO chat_identities (platform, workspace_id, user_id, employee_id, linked_by) VALUES ($1::"ChatPlatform", $2, $3, $4, $5)
     ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET employee_id = EXCLUDED.employee_id, linked_by = EXCLUDED.linked_by`,
    [account.platform, account.workspaceId, account.userId, employeeId, linkedBy],
  );
  // Links are kept in the config cache: this process reads its own write at once.
  invalidateConfig(sql);
}

/** Up to two current employees with this email (case-insensitive): exactly one is a match. */
export async function employeesWithEmail(sql: Sql, email: string): Promise<number[]> {
  const res = await sql.query<{ id: number }>(
    `SELECT id FROM employees WHERE status <> 'left' AND lower(email) = $1 LIMIT 2`,
    [email],
  );
  return res.rows.map((r) => r.id);
}

/** Up to two current employees with this mobile (digits only compared). */
export async function employeesWithMobile(sql: Sql, digits: string): Promise<number[]> {
  const res = await sql.query<{ id: number }>(
    `SELECT id FROM employees WHERE status <> 'left' AND regexp_replace(mobile, '[^0-9]', '', 'g') = $1 LIMIT 2`,
    [digits],
  );
  return res.rows.map((r) => r.id);
}

export interface ViewerRow {
  id: number;
  externalId: string;
  name: string;
  role: "sales" | "manager" | "hr" | "admin";
  teamId: number | null;
  /** Teams this person manages, with every team below them (branches). */
  managedTeamIds: number[];
  locale: string | null;
  dailyMuted: boolean;
}

/**
 * An employee with everything permission checks need. Every chat answer loads its viewer: kept in
 * the config cache (employees and teams notify it).
 */
export function loadViewerRow(sql: Sql, employeeId: number): Promise<ViewerRow | null> {
  const cache = configCacheOf(sql);
  const read = () => readViewerRow(sql, employeeId);
  return cache ? cache.get(`viewer:${employeeId}`, read) : read();
}

async function readViewerRow(sql: Sql, employeeId: number): Promise<ViewerRow | null> {
  const res = await sql.query<{
    id: number;
    external_id: string;
    name: string;
    role: ViewerRow["role"];
    team_id: number | null;
    locale: string | null;
    daily_muted: boolean;
    managed: number[];
  }>({
    // Prepared once per connection: every chat answer loads its viewer.
    name: "pacer_viewer",
    text: `WITH RECURSIVE managed AS (
       SELECT id FROM teams WHERE manager_id = $1
       UNION SELECT t.id FROM teams t JOIN managed m ON t.parent_id = m.id
     )
     SELECT e.id, e.external_id, e.name, e.role::text AS role, e.team_id, e.locale, e.daily_muted,
       COALESCE((SELECT array_agg(id ORDER BY id) FROM managed), '{}') AS managed
     FROM employees e WHERE e.id = $1`,
    values: [employeeId],
  });
  const r = res.rows[0];
  if (!r) return null;
  return Object.freeze({
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    role: r.role,
    teamId: r.team_id,
    managedTeamIds: r.managed,
    locale: r.locale,
    dailyMuted: r.daily_muted,
  });
}
