// Where a proactive message to a person goes (docs/DELIVERY.md "Jobs"):
// - linked on the organization's primary platform → there (primary: the organization's setting,
//   else Lark when configured, else Slack); linked only elsewhere → there;
// - not linked → looked up by email in the platforms' directories (primary first); a match is
//   stored as a link (so this happens once per person);
// - still nothing → not linked: the message is skipped and the admins are told.
// Only platforms Pacer is configured for count.
import { storeLink } from "../chat/identity.ts";
import type { Sql } from "../db/client.ts";
import type { PlatformName } from "../platform.ts";
import { type Contact, chosenPrimaryPlatform } from "../store/jobs.ts";
import type { Route } from "./send-message.ts";
import type { ProactiveSender } from "./proactive-sender.ts";

/** The skip reason of a person with no chat account (listed to the admins). */
export const NOT_LINKED = "not linked";

/** The organization's primary platform among those configured (null when none is). */
export async function primaryPlatform(sql: Sql, enabled: readonly PlatformName[]): Promise<PlatformName | null> {
  const chosen = await chosenPrimaryPlatform(sql);
  if (chosen && enabled.includes(chosen)) return chosen;
  if (enabled.includes("lark")) return "lark";
  return enabled.includes("slack") ? "slack" : null;
}

/** Platforms in the order they are tried: the primary first. */
export function platformOrder(primary: PlatformName | null, enabled: readonly PlatformName[]): PlatformName[] {
  return primary ? [primary, ...enabled.filter((p) => p !== primary)] : [...enabled];
}

/** The platform a person's message goes out on, from stored links only (null: not linked). */
export function linkedRoute(contact: Contact, order: readonly PlatformName[]): Route | null {
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
  senders: Partial<Record<PlatformName, ProactiveSender>>,
  contact: Contact,
  order: readonly PlatformName[],
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
