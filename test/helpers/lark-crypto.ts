// What Lark/Feishu puts on the wire when it calls an app: schema-2.0 event envelopes
// (im.message.receive_v1, card.action.trigger), the url_verification challenge, the encrypted body
// ({"encrypt": base64(IV ‖ AES-256-CBC(sha256(encryptKey), IV, json))}) and the signature headers
// (X-Lark-Signature = sha256_hex(timestamp + nonce + encryptKey + raw body)). Tests use it to post
// events to Pacer exactly as Lark would, and to forge the bad ones Pacer must reject.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// ---------------------------------------------------------------- encryption and signatures

function aesKey(encryptKey: string): Buffer {
  return createHash("sha256").update(encryptKey).digest();
}

/** base64(IV ‖ ciphertext); a random IV unless one is given (tests pin it for golden values). */
export function encrypt(plaintext: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  if (iv.length !== 16) throw new Error("lark-crypto: the IV must be 16 bytes");
  const cipher = createCipheriv("aes-256-cbc", aesKey(encryptKey), iv); // PKCS#7 padding, as Lark
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

/** Inverse of `encrypt` (the IV is the first 16 bytes of the decoded payload). */
export function decrypt(encrypted: string, encryptKey: string): string {
  const raw = Buffer.from(encrypted, "base64");
  const decipher = createDecipheriv("aes-256-cbc", aesKey(encryptKey), raw.subarray(0, 16));
  return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString("utf8");
}

/** The raw body Lark posts when an encrypt key is configured: `{"encrypt":"…"}`. */
export function encryptedBody(payload: unknown, encryptKey: string): string {
  return JSON.stringify({ encrypt: encrypt(JSON.stringify(payload), encryptKey) });
}

/** X-Lark-Signature: hex sha256 of timestamp + nonce + encryptKey + the raw body, byte for byte. */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash("sha256")
    .update(timestamp + nonce + encryptKey + rawBody)
    .digest("hex");
}

export interface LarkRequestOptions {
  /** The app's Encrypt Key; without it Lark neither encrypts nor signs. */
  encryptKey?: string;
  /** Encrypt the body (default: whenever an encrypt key is given). `false` forges a plain body with a valid signature. */
  encrypt?: boolean;
  /** Unix seconds (default now); pass an old one to forge a stale request. */
  timestamp?: number;
  nonce?: string;
  /** Overrides the computed signature (to forge a bad one). */
  signature?: string;
  /**
   * Send the signature headers (default: whenever an encrypt key is given). Feishu sends the
   * url_verification challenge encrypted but WITHOUT them: `false` reproduces that.
   */
  sign?: boolean;
}

export interface LarkRequest {
  body: string;
  headers: Record<string, string>;
}

/** Body and headers of one Lark → app HTTP delivery of `payload` (an event, a card callback or a challenge). */
export function larkRequest(payload: unknown, options: LarkRequestOptions = {}): LarkRequest {
  const { encryptKey } = options;
  const shouldEncrypt = options.encrypt ?? Boolean(encryptKey);
  if (shouldEncrypt && !encryptKey) throw new Error("lark-crypto: encrypting needs an encryptKey");
  const body = shouldEncrypt ? encryptedBody(payload, encryptKey!) : JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (encryptKey && options.sign !== false) {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = options.nonce ?? randomBytes(8).toString("hex");
    headers["x-lark-request-timestamp"] = timestamp;
    headers["x-lark-request-nonce"] = nonce;
    headers["x-lark-signature"] = options.signature ?? larkSignature(timestamp, nonce, encryptKey, body);
  }
  return { body, headers };
}

// ---------------------------------------------------------------- envelopes

/** The three ids Lark gives a user: per app (open_id), per tenant (user_id), per developer (union_id). */
export interface LarkUserIds {
  open_id: string;
  user_id?: string;
  union_id?: string;
}

export interface LarkApp {
  appId: string;
  tenantKey: string;
  /** The Verification Token, echoed in header.token of every schema-2.0 envelope. */
  verificationToken: string;
}

export interface LarkEnvelope<E = Record<string, unknown>> {
  schema: "2.0";
  header: {
    event_id: string;
    token: string;
    create_time: string;
    event_type: string;
    tenant_key: string;
    app_id: string;
  };
  event: E;
}

export function larkEventId(): string {
  return randomBytes(16).toString("hex");
}

export function larkMessageId(): string {
  return `om_${randomBytes(16).toString("hex")}`;
}

export function envelope<E>(
  app: LarkApp,
  eventType: string,
  event: E,
  options: { eventId?: string; createTime?: number } = {},
): LarkEnvelope<E> {
  return {
    schema: "2.0",
    header: {
      event_id: options.eventId ?? larkEventId(),
      token: app.verificationToken,
      // Milliseconds, as a string.
      create_time: String(options.createTime ?? Date.now()),
      event_type: eventType,
      tenant_key: app.tenantKey,
      app_id: app.appId,
    },
    event,
  };
}

function ids(user: LarkUserIds): LarkUserIds {
  return { union_id: user.union_id ?? "", user_id: user.user_id ?? "", open_id: user.open_id };
}

export interface LarkMention {
  /** The placeholder in the text, `@_user_1`, `@_user_2`… (default: by position). */
  key?: string;
  id: LarkUserIds;
  name: string;
}

export interface MessageEventOptions {
  sender: LarkUserIds;
  chatType: "p2p" | "group";
  chatId: string;
  /** The text as Lark delivers it: mentions appear as their keys (`@_user_1 离目标还差多少`). */
  text: string;
  mentions?: LarkMention[];
  messageId?: string;
  /** Set for replies inside a thread. */
  rootId?: string;
  parentId?: string;
  eventId?: string;
  createTime?: number;
}

export interface MessageReceiveEvent {
  sender: { sender_id: LarkUserIds; sender_type: "user"; tenant_key: string };
  message: {
    message_id: string;
    root_id?: string;
    parent_id?: string;
    create_time: string;
    update_time: string;
    chat_id: string;
    chat_type: "p2p" | "group";
    message_type: "text";
    content: string;
    mentions?: { key: string; id: LarkUserIds; name: string; tenant_key: string }[];
  };
}

/** An `im.message.receive_v1` envelope for a text message. */
export function messageReceiveEvent(app: LarkApp, options: MessageEventOptions): LarkEnvelope<MessageReceiveEvent> {
  const createTime = String(options.createTime ?? Date.now());
  const message: MessageReceiveEvent["message"] = {
    message_id: options.messageId ?? larkMessageId(),
    ...(options.rootId ? { root_id: options.rootId } : {}),
    ...(options.parentId ? { parent_id: options.parentId } : {}),
    create_time: createTime,
    update_time: createTime,
    chat_id: options.chatId,
    chat_type: options.chatType,
    message_type: "text",
    // content is itself a JSON string.
    content: JSON.stringify({ text: options.text }),
  };
  // Lark omits `mentions` when there are none.
  if (options.mentions?.length) {
    message.mentions = options.mentions.map((m, i) => ({
      key: m.key ?? `@_user_${i + 1}`,
      id: ids(m.id),
      name: m.name,
      tenant_key: app.tenantKey,
    }));
  }
  return envelope(
    app,
    "im.message.receive_v1",
    { sender: { sender_id: ids(options.sender), sender_type: "user", tenant_key: app.tenantKey }, message },
    { eventId: options.eventId, createTime: options.createTime },
  );
}

export interface CardActionOptions {
  operator: LarkUserIds;
  /** The `value` of the pressed button (Pacer puts the serialized intent there). */
  value: Record<string, unknown>;
  /** The card message (open_message_id) and its chat (open_chat_id). */
  messageId: string;
  chatId: string;
  tag?: string;
  /** The component's `name`, when the card gives it one. */
  name?: string;
  formValue?: Record<string, unknown>;
  eventId?: string;
  createTime?: number;
}

export interface CardActionTriggerEvent {
  operator: { tenant_key: string; user_id?: string; open_id: string; union_id?: string };
  /** A card-update token (valid 30 min, twice) for the delayed-update API. */
  token: string;
  action: { value: Record<string, unknown>; tag: string; name?: string; form_value?: Record<string, unknown> };
  host: "im_message";
  context: { open_message_id: string; open_chat_id: string };
}

/** A `card.action.trigger` callback (schema 2.0, cards JSON 2.0 / new-style callbacks). */
export function cardActionEvent(app: LarkApp, options: CardActionOptions): LarkEnvelope<CardActionTriggerEvent> {
  const action: CardActionTriggerEvent["action"] = { value: options.value, tag: options.tag ?? "button" };
  if (options.name) action.name = options.name;
  if (options.formValue) action.form_value = options.formValue;
  return envelope(
    app,
    "card.action.trigger",
    {
      operator: { tenant_key: app.tenantKey, ...ids(options.operator) },
      token: `c-${randomBytes(20).toString("hex")}`,
      action,
      host: "im_message",
      context: { open_message_id: options.messageId, open_chat_id: options.chatId },
    },
    { eventId: options.eventId, createTime: options.createTime },
  );
}

/** The URL-check request Lark sends when the event/callback URL is saved (answer: `{"challenge": …}`). */
export function urlVerification(
  app: Pick<LarkApp, "verificationToken">,
  challenge = randomBytes(16).toString("hex"),
): { challenge: string; token: string; type: "url_verification" } {
  return { challenge, token: app.verificationToken, type: "url_verification" };
}
