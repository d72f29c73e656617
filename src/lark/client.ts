// The Lark/Feishu Open API calls Pacer makes, through the official SDK client, with every failure
// turned into a typed error (rate limits included). Messages are sent with a `uuid` derived from
// what triggered them: Lark drops a second send with the same uuid within an hour.
import { createHash } from "node:crypto";
import * as lark from "@larksuiteoapi/node-sdk";
import { classifyLarkError } from "./errors.ts";

export type LarkClient = lark.Client;

export function larkDomain(domain: string | undefined): lark.Domain | string {
  if (!domain || domain === "feishu") return lark.Domain.Feishu;
  if (domain === "lark") return lark.Domain.Lark;
  return domain.replace(/\/$/, "");
}

/** The SDK's logger over ours: its failures are ours to report (typed), so it only debugs. */
export function sdkLogger(log?: { debug(obj: object, msg: string): void }): lark.Logger {
  const write =
    (level: string) =>
    (...parts: unknown[]) =>
      log?.debug(
        { sdk: "lark", level },
        parts.map((p) => (typeof p === "string" ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(" "),
      );
  return {
    error: write("error"),
    warn: write("warn"),
    info: write("info"),
    debug: write("debug"),
    trace: write("trace"),
  };
}

export function createLarkClient(options: {
  appId: string;
  appSecret: string;
  domain?: string;
  cache?: lark.Cache;
  log?: { debug(obj: object, msg: string): void };
}): LarkClient {
  return new lark.Client({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: larkDomain(options.domain),
    logger: sdkLogger(options.log),
    ...(options.cache ? { cache: options.cache } : {}),
  });
}

/** A stable uuid (≤ 50 chars) for a send, from the event or delivery that caused it. */
export function sendUuid(key: string): string {
  return createHash("sha256").update(`pacer:${key}`).digest("hex").slice(0, 32);
}

async function call<T extends { code?: number; msg?: string; data?: unknown }>(request: Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await request;
  } catch (error) {
    throw classifyLarkError(error);
  }
  // The SDK resolves answers with a non-zero code instead of throwing.
  if (result && typeof result.code === "number" && result.code !== 0) throw classifyLarkError(result);
  return result;
}

export type ReceiveIdType = "open_id" | "user_id" | "union_id" | "chat_id" | "email";

export async function sendCard(
  client: LarkClient,
  to: { type: ReceiveIdType; id: string },
  card: object,
  uuid: string,
): Promise<string> {
  const res = await call(
    client.im.v1.message.create({
      params: { receive_id_type: to.type },
      data: { receive_id: to.id, msg_type: "interactive", content: JSON.stringify(card), uuid },
    }),
  );
  return res.data?.message_id ?? "";
}

export async function sendText(
  client: LarkClient,
  to: { type: ReceiveIdType; id: string },
  text: string,
  uuid: string,
): Promise<string> {
  const res = await call(
    client.im.v1.message.create({
      params: { receive_id_type: to.type },
      data: { receive_id: to.id, msg_type: "text", content: JSON.stringify({ text }), uuid },
    }),
  );
  return res.data?.message_id ?? "";
}

export async function replyCard(client: LarkClient, messageId: string, card: object, uuid: string): Promise<string> {
  const res = await call(
    client.im.v1.message.reply({
      path: { message_id: messageId },
      data: { msg_type: "interactive", content: JSON.stringify(card), uuid },
    }),
  );
  return res.data?.message_id ?? "";
}

export async function replyText(client: LarkClient, messageId: string, text: string, uuid: string): Promise<void> {
  await call(
    client.im.v1.message.reply({
      path: { message_id: messageId },
      data: { msg_type: "text", content: JSON.stringify({ text }), uuid },
    }),
  );
}

/**
 * A card only `openId` sees, inside the group chat (ephemeral/v1/send). Failures are typed errors
 * like every send's; the chat core falls back to a DM on any of them.
 */
export async function sendEphemeralCard(
  client: LarkClient,
  to: { chatId: string; openId: string },
  card: object,
): Promise<void> {
  await call(
    client.request({
      method: "POST",
      url: "/open-apis/ephemeral/v1/send",
      data: { chat_id: to.chatId, open_id: to.openId, msg_type: "interactive", card },
    }) as Promise<{ code?: number; msg?: string }>,
  );
}

/** Replaces a card already sent (the card must have been sent with `update_multi`). */
export async function patchCard(client: LarkClient, messageId: string, card: object): Promise<void> {
  await call(client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }));
}

/** Email and mobile of a user, by open_id (needs the contact read permission). */
export async function lookupContact(
  client: LarkClient,
  openId: string,
): Promise<{ email: string | null; mobile: string | null } | null> {
  try {
    const res = await call(
      client.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: "open_id" } }),
    );
    const user = res.data?.user as { email?: string; enterprise_email?: string; mobile?: string } | undefined;
    if (!user) return null;
    return { email: user.email ?? user.enterprise_email ?? null, mobile: user.mobile ?? null };
  } catch {
    return null;
  }
}

/** open_ids for emails (proactive sends to people not yet linked). */
export async function openIdsByEmail(client: LarkClient, emails: string[]): Promise<Map<string, string>> {
  const res = await call(client.contact.v3.user.batchGetId({ params: { user_id_type: "open_id" }, data: { emails } }));
  const out = new Map<string, string>();
  for (const u of res.data?.user_list ?? []) if (u.email && u.user_id) out.set(u.email.toLowerCase(), u.user_id);
  return out;
}
