// Who is talking: a chat account → an employee. A stored link wins; otherwise the platform's
// directory gives an email (or mobile) that must match exactly one active employee, and that link
// is stored. Anyone else is "not linked" and sees only how to get linked.
import type { Sql } from "../db/client.ts";
import type { Viewer, Role } from "./permissions.ts";

export type Platform = "slack" | "lark";

export interface ChatUser {
  platform: Platform;
  /** Slack team id / Lark tenant key (recorded; v1 serves one workspace per platform). */
  workspaceId: string;
  userId: string;
}

/** The adapter's directory lookup (Slack users.info, Lark contact API). Null when unknown. */
export type DirectoryLookup = (user: ChatUser) => Promise<{ email?: string | null; mobile?: string | null } | null>;

/** Directory answers are cached briefly: a busy channel must not call users.info per message. */
const cache = new Map<string, { at: number; value: Awaited<ReturnType<DirectoryLookup>> }>();
const CACHE_MS = 10 * 60 * 1000;

async function lookupCached(lookup: DirectoryLookup, user: ChatUser): Promise<Awaited<ReturnType<DirectoryLookup>>> {
  const key = `${user.platform}:${user.workspaceId}:${user.userId}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = await lookup(user);
  cache.set(key, { at: Date.now(), value });
  if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
  return value;
}

export async function storeLink(sql: Sql, user: ChatUser, employeeId: number, linkedBy: string): Promise<void> {
  // One account → one employee: replace whatever this account was linked to before.
  await sql.query(`DELETE FROM chat_identities WHERE platform = $1::"ChatPlatform" AND user_id = $2`, [
    user.platform,
    user.userId,
  ]);
  await sql.query(
    `INSERT INTO chat_identities (platform, workspace_id, user_id, employee_id, linked_by) VALUES ($1::"ChatPlatform", $2, $3, $4, $5)
     ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET employee_id = EXCLUDED.employee_id, linked_by = EXCLUDED.linked_by`,
    [user.platform, user.workspaceId, user.userId, employeeId, linkedBy],
  );
}

/** The employee id behind a chat account, or null when not linked (and not matchable). */
export async function resolveEmployee(sql: Sql, user: ChatUser, lookup?: DirectoryLookup): Promise<number | null> {
  const stored = await sql.query<{ employee_id: number; status: string }>(
    `SELECT c.employee_id, e.status::text AS status FROM chat_identities c JOIN employees e ON e.id = c.employee_id
     WHERE c.platform = $1::"ChatPlatform" AND c.user_id = $2`,
    [user.platform, user.userId],
  );
  const link = stored.rows[0];
  if (link) return link.status === "left" ? null : link.employee_id;
  if (!lookup) return null;
  const profile = await lookupCached(lookup, user).catch(() => null);
  if (!profile) return null;
  for (const [column, value, how] of [
    ["lower(email)", profile.email?.trim().toLowerCase(), "email"],
    [
      "regexp_replace(mobile, '[^0-9]', '', 'g')",
      profile.mobile?.replace(/\D/g, "").replace(/^86(?=1\d{10}$)/, ""),
      "mobile",
    ],
  ] as const) {
    if (!value) continue;
    const matches = await sql.query<{ id: number }>(
      `SELECT id FROM employees WHERE status <> 'left' AND ${column} = $1 LIMIT 2`,
      [value],
    );
    if (matches.rows.length === 1) {
      await storeLink(sql, user, matches.rows[0]!.id, how);
      return matches.rows[0]!.id;
    }
  }
  return null;
}

/** The viewer for permission checks: role, team and every team they manage (with branches). */
export async function loadViewer(
  sql: Sql,
  employeeId: number,
): Promise<(Viewer & { locale: string | null; dailyMuted: boolean }) | null> {
  const res = await sql.query<{
    id: number;
    external_id: string;
    name: string;
    role: Role;
    team_id: number | null;
    locale: string | null;
    daily_muted: boolean;
    managed: number[];
  }>(
    `WITH RECURSIVE managed AS (
       SELECT id FROM teams WHERE manager_id = $1
       UNION SELECT t.id FROM teams t JOIN managed m ON t.parent_id = m.id
     )
     SELECT e.id, e.external_id, e.name, e.role::text AS role, e.team_id, e.locale, e.daily_muted,
       COALESCE((SELECT array_agg(id ORDER BY id) FROM managed), '{}') AS managed
     FROM employees e WHERE e.id = $1`,
    [employeeId],
  );
  const r = res.rows[0];
  if (!r) return null;
  return {
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    role: r.role,
    teamId: r.team_id,
    managedTeamIds: r.managed,
    locale: r.locale,
    dailyMuted: r.daily_muted,
  };
}
