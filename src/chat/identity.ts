// Who is talking: a chat account → an employee. A stored link wins; otherwise the platform's
// directory gives an email (or mobile) that must match exactly one active employee, and that link
// is stored. Anyone else is "not linked" and sees only how to get linked. (SQL: src/store/identity.ts.)
import type { Sql } from "../db/client.ts";
import {
  type ChatAccount,
  employeesWithEmail,
  employeesWithMobile,
  findChatLink,
  loadViewerRow,
  storeChatLink,
  type ViewerRow,
} from "../store/identity.ts";
import type { Viewer } from "./permissions.ts";

export type ChatUser = ChatAccount;

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

/** Links a chat account to an employee (manually by an admin, or automatically by email/mobile). */
export async function storeLink(sql: Sql, user: ChatUser, employeeId: number, linkedBy: string): Promise<void> {
  await storeChatLink(sql, user, employeeId, linkedBy);
}

/** The employee id behind a chat account, or null when not linked (and not matchable). */
export async function resolveEmployee(sql: Sql, user: ChatUser, lookup?: DirectoryLookup): Promise<number | null> {
  const link = await findChatLink(sql, user);
  if (link) return link.status === "left" ? null : link.employeeId;
  if (!lookup) return null;
  const profile = await lookupCached(lookup, user).catch(() => null);
  if (!profile) return null;
  const email = profile.email?.trim().toLowerCase();
  const mobile = profile.mobile?.replace(/\D/g, "").replace(/^86(?=1\d{10}$)/, "");
  for (const [value, find, how] of [
    [email, employeesWithEmail, "email"],
    [mobile, employeesWithMobile, "mobile"],
  ] as const) {
    if (!value) continue;
    const matches = await find(sql, value);
    if (matches.length === 1) {
      await storeChatLink(sql, user, matches[0]!, how);
      return matches[0]!;
    }
  }
  return null;
}

/** The viewer for permission checks: role, team and every team they manage (with branches). */
export async function loadViewer(
  sql: Sql,
  employeeId: number,
): Promise<(Viewer & { locale: string | null; dailyMuted: boolean }) | null> {
  const row: ViewerRow | null = await loadViewerRow(sql, employeeId);
  return row;
}
