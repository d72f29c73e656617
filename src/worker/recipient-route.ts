// Where a proactive message to a person goes (PRODUCT.md "Scheduling and delivery"):
// - linked on the organization's primary platform → there (primary: the organization's setting,
//   else Lark when configured, else Slack); linked only elsewhere → there;
// - not linked → looked up by email in the platforms' directories (primary first); a match is
//   stored as a link (so this happens once per person);
// - still nothing → not linked: the message is skipped and the admins are told.
// Only platforms Pacer is configured for count.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { storeLink } from "../chat/identity.ts";
import type { Platform, Route } from "./send-message.ts";
import type { ProactiveSender } from "./proactive-sender.ts";

/** The skip reason of a person with no chat account (listed to the admins). */
export const NOT_LINKED = "not linked";

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
  accounts: Partial<Record<Platform, string>>;
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
    const accounts: Partial<Record<Platform, string>> = {};
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

export async function loadContact(sql: Sql, employeeId: number): Promise<Contact | null> {
  return (await loadContacts(sql, [employeeId])).get(employeeId) ?? null;
}

/** The organization's primary platform among those configured (null when none is). */
export async function primaryPlatform(sql: Sql, enabled: readonly Platform[]): Promise<Platform | null> {
  const res = await sql.query<{ p: string | null }>(
    `SELECT primary_platform::text AS p FROM organization WHERE id = 1`,
  );
  const chosen = z
    .enum(["slack", "lark"])
    .nullable()
    .catch(null)
    .parse(res.rows[0]?.p ?? null);
  if (chosen && enabled.includes(chosen)) return chosen;
  if (enabled.includes("lark")) return "lark";
  return enabled.includes("slack") ? "slack" : null;
}

/** Platforms in the order they are tried: the primary first. */
export function platformOrder(primary: Platform | null, enabled: readonly Platform[]): Platform[] {
  return primary ? [primary, ...enabled.filter((p) => p !== primary)] : [...enabled];
}

/** The platform a person's message goes out on, from stored links only (null: not linked). */
export function linkedRoute(contact: Contact, order: readonly Platform[]): Route | null {
  for (const platform of order) {
    const address = contact.accounts[platform];
    if (address) return { platform, to: { address, kind: "user" } };
  }
  return null;
}

/**
 * The route for a person: a stored link, else a directory match by email (stored as a link).
 * Null when the person cannot be reached. Directory errors (rate limits included) propagate.
 */
export async function resolveRoute(
  sql: Sql,
  senders: Partial<Record<Platform, ProactiveSender>>,
  contact: Contact,
  order: readonly Platform[],
): Promise<Route | null> {
  const linked = linkedRoute(contact, order);
  if (linked) return linked;
  const email = contact.email?.trim();
  if (!email) return null;
  for (const platform of order) {
    const sender = senders[platform];
    if (!sender) continue;
    const address = await sender.lookupByEmail(email);
    if (address) {
      await storeLink(sql, { platform, workspaceId: "", userId: address }, contact.id, "email");
      contact.accounts[platform] = address;
      return { platform, to: { address, kind: "user" } };
    }
  }
  return null;
}
