// A fake Lark/Feishu Open Platform on 127.0.0.1, faithful enough that the real
// @larksuiteoapi/node-sdk runs against it unchanged (domain = fake.url):
//  - HTTP: tenant/app access tokens, im/v1/messages create (uuid-deduped) / reply / patch,
//    ephemeral/v1/send (cards visible to one member of a group; refuses i18n fields like Lark, or
//    the whole call as for an app without the permission: `ephemeral: false`), bot/v3/info (the
//    bot's own open_id; 404 with `botInfo: false`), the contact lookups (users/batch_get_id,
//    users/:user_id) and /callback/ws/endpoint;
//  - a WebSocket speaking the SDK's protobuf frames (pbbp2.Frame): it answers pings with pongs,
//    pushes events (`sendEvent`) and returns the client's ack;
//  - webhook delivery (`deliver`) with Lark's encryption and signature (see lark-crypto.ts), and
//    the URL check (`verifyUrl`) sent unsigned, as Feishu sends it.
// It records every call and can answer the next N calls of a path with an error (rate limits).
// Like Lark it refuses a card message whose request body is over 30 KB (code 230025) and a PATCH
// of a card that was sent as ephemeral (those change only through the callback's answer).
import { createHash, randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Duplex } from "node:stream";
import protobuf from "protobufjs/minimal.js";
import { WebSocketServer, type WebSocket } from "ws";
import {
  cardActionEvent,
  larkRequest,
  messageReceiveEvent,
  type CardActionOptions,
  type CardActionTriggerEvent,
  type LarkApp,
  type LarkEnvelope,
  type LarkRequestOptions,
  type LarkUserIds,
  type MessageEventOptions,
  type MessageReceiveEvent,
  urlVerification,
} from "./lark-crypto.ts";
import { parseMultipart } from "./multipart.ts";

// ---------------------------------------------------------------- pbbp2 frames

// The same message as the SDK's pbbp2.Frame (the SDK does not export its codec):
//   Header { required string key = 1; required string value = 2; }
//   Frame  { required uint64 SeqID = 1; required uint64 LogID = 2; required int32 service = 3;
//            required int32 method = 4; repeated Header headers = 5; optional string payload_encoding = 6;
//            optional string payload_type = 7; optional bytes payload = 8; optional string LogIDNew = 9; }
// method 0 = control (ping/pong), 1 = data (event/card).
export interface PbHeader {
  key: string;
  value: string;
}

export interface PbFrame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: PbHeader[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

export const FRAME_CONTROL = 0;
export const FRAME_DATA = 1;

export function encodeFrame(frame: PbFrame): Uint8Array {
  const w = protobuf.Writer.create();
  w.uint32(8).uint64(frame.SeqID);
  w.uint32(16).uint64(frame.LogID);
  w.uint32(24).int32(frame.service);
  w.uint32(32).int32(frame.method);
  for (const h of frame.headers) w.uint32(42).fork().uint32(10).string(h.key).uint32(18).string(h.value).ldelim();
  if (frame.payloadEncoding !== undefined) w.uint32(50).string(frame.payloadEncoding);
  if (frame.payloadType !== undefined) w.uint32(58).string(frame.payloadType);
  if (frame.payload !== undefined) w.uint32(66).bytes(frame.payload);
  if (frame.LogIDNew !== undefined) w.uint32(74).string(frame.LogIDNew);
  return w.finish();
}

export function decodeFrame(buffer: Uint8Array): PbFrame {
  const r = protobuf.Reader.create(buffer);
  // uint64 reads as a number when protobufjs has no Long (the SDK sets util.Long = undefined), else a Long.
  const u64 = (): number => Number(String(r.uint64()));
  const frame: PbFrame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  while (r.pos < r.len) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        frame.SeqID = u64();
        break;
      case 2:
        frame.LogID = u64();
        break;
      case 3:
        frame.service = r.int32();
        break;
      case 4:
        frame.method = r.int32();
        break;
      case 5: {
        const end = r.uint32() + r.pos;
        const header: PbHeader = { key: "", value: "" };
        while (r.pos < end) {
          const t = r.uint32();
          if (t >>> 3 === 1) header.key = r.string();
          else if (t >>> 3 === 2) header.value = r.string();
          else r.skipType(t & 7);
        }
        frame.headers.push(header);
        break;
      }
      case 6:
        frame.payloadEncoding = r.string();
        break;
      case 7:
        frame.payloadType = r.string();
        break;
      case 8:
        frame.payload = r.bytes();
        break;
      case 9:
        frame.LogIDNew = r.string();
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  return frame;
}

export function frameHeader(frame: PbFrame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}

// ---------------------------------------------------------------- types

export interface LarkDirectoryUser extends LarkUserIds {
  name?: string;
  email?: string;
  /** As Lark stores it, with the country code: "+8613800000001". */
  mobile?: string;
}

export interface RecordedLarkCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
  headers: IncomingHttpHeaders;
  /** Bytes of the request body as received. */
  bytes: number;
  /** The error the fake answered with, when one was injected or the request was invalid. */
  error?: { status: number; code: number };
}

export interface SentLarkMessage {
  message_id: string;
  kind: "create" | "reply";
  /** create: the receive_id and its type; reply: the message replied to. */
  receive_id?: string;
  receive_id_type?: string;
  reply_to?: string;
  reply_in_thread?: boolean;
  chat_id: string;
  msg_type: string;
  /** The content string as sent, and parsed. */
  content: string;
  parsed: unknown;
  uuid?: string;
  /** Later contents from im/v1/messages/:id PATCH, oldest first. */
  patches: unknown[];
  /** The bearer token the message was sent with. */
  token: string;
}

export interface LarkUploadedFile {
  file_key: string;
  file_type: string;
  file_name: string;
  data: Buffer;
}

/** im/v1/files accepts these file types ("stream": any other file). */
const FILE_TYPES = ["opus", "mp4", "pdf", "doc", "xls", "ppt", "stream"];

export interface SentLarkEphemeral {
  message_id: string;
  chat_id: string;
  /** The one member of the chat who sees the card. */
  open_id: string;
  /** The card object as sent (the ephemeral API takes it as an object, not a JSON string). */
  card: Record<string, unknown>;
  /** When the fake received it (ms since the epoch). */
  at: number;
  /** The bearer token it was sent with. */
  token: string;
}

export interface LarkFailure {
  status: number;
  code: number;
  msg?: string;
  /** Seconds until the limit resets; sent as `x-ogw-ratelimit-reset`. */
  reset?: number;
  /** How many of the next matching calls fail (default 1). */
  times?: number;
  /** Only calls with this HTTP method (default any). */
  method?: string;
  /** Adds a `data` member to the error body (Lark's error bodies have none). */
  data?: unknown;
  /** Carry the request out first, then answer with the failure: Lark got it, the answer was lost. */
  accepted?: boolean;
}

export interface LarkClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

export interface LarkWsAck {
  /** The headers of the client's response frame (the event's own plus `biz_rt`). */
  headers: Record<string, string>;
  /** 200, or 500 when the handler threw. */
  code: number;
  /** What the handler returned, base64 JSON on the wire, decoded here (card callbacks answer a toast/card). */
  data?: unknown;
  raw: Record<string, unknown>;
}

export interface FakeLarkOptions {
  appId?: string;
  appSecret?: string;
  tenantKey?: string;
  verificationToken?: string;
  encryptKey?: string;
  botOpenId?: string;
  botName?: string;
  /** The ClientConfig handed out by /callback/ws/endpoint and echoed in pongs (seconds). */
  clientConfig?: Partial<LarkClientConfig>;
  /**
   * Whether the app may send ephemeral cards (default true). false: ephemeral/v1/send answers as
   * Lark does for an app without the scope — HTTP 400, code 99991672.
   */
  ephemeral?: boolean;
  /** Whether GET /open-apis/bot/v3/info exists (default true). false: 404, as if unreachable. */
  botInfo?: boolean;
}

interface PendingAck {
  resolve: (ack: LarkWsAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const TOKEN_TTL_SECONDS = 7200;
/** Lark refuses a card message whose request body is over 30 KB (read as 30,000 bytes, the strict reading). */
export const CARD_BODY_BYTES = 30_000;
const UUID_TTL_MS = 60 * 60 * 1000;

const ERR = {
  invalidToken: {
    status: 400,
    code: 99991663,
    msg: "Invalid access token for authorization. Please make a request with token attached.",
  },
  missingToken: {
    status: 400,
    code: 99991661,
    msg: "Missing access token for authorization. Please make a request with token attached.",
  },
  badParam: { status: 400, code: 230001, msg: "Your request contains an invalid request parameter." },
  validation: { status: 400, code: 99992402, msg: "field validation failed" },
  appSecret: { status: 400, code: 10014, msg: "app secret invalid" },
  noUser: { status: 400, code: 41050, msg: "no user authority error" },
  /** A card message's request body over 30 KB (Lark's documented card size limit). */
  tooLarge: { status: 400, code: 230025, msg: "The message content exceeds the length limit. 消息体长度超出限制" },
  /** im/v1/messages/:id PATCH of an ephemeral card: only the callback answer can change one. */
  ephemeralPatch: {
    status: 400,
    code: 230001,
    msg: "Your request contains an invalid request parameter: ephemeral card messages cannot be patched.",
  },
  noScope: {
    status: 400,
    code: 99991672,
    msg: "Access denied. One of the following scopes is required: [im:message:send_as_bot]. 应用尚未开通所需的应用身份权限：[im:message:send_as_bot]",
  },
};

// ---------------------------------------------------------------- the fake

export class FakeLark implements LarkApp {
  readonly appId: string;
  readonly appSecret: string;
  readonly tenantKey: string;
  readonly verificationToken: string;
  readonly encryptKey: string;
  readonly botOpenId: string;
  readonly botName: string;
  clientConfig: LarkClientConfig;
  /** See FakeLarkOptions. */
  readonly ephemeral: boolean;
  readonly botInfo: boolean;

  url = "";
  readonly calls: RecordedLarkCall[] = [];
  /** Distinct messages the app sent (a send repeated with the same uuid is recorded once). */
  readonly messages: SentLarkMessage[] = [];
  /** Files uploaded with im/v1/files, by file_key. */
  readonly files = new Map<string, LarkUploadedFile>();
  /** Lark's limit for im/v1/files (30 MB); lower it to test the refusal without a 30 MB buffer. */
  fileSizeLimit = 30 * 1024 * 1024;
  /** Ephemeral cards the app sent (ephemeral/v1/send), oldest first; they are not in `messages`. */
  readonly ephemerals: SentLarkEphemeral[] = [];
  /** Tenant access tokens handed out, oldest first. */
  readonly tokens: string[] = [];
  /** Pings received over the long connection. */
  readonly pings: { at: number; service: number }[] = [];
  /** Acks (response frames) received for pushed events. */
  readonly acks: LarkWsAck[] = [];
  /** How many WebSocket connections were accepted in total (reconnects count). */
  connections = 0;

  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly directory: LarkDirectoryUser[] = [];
  private readonly failures: { pattern: RegExp; failure: LarkFailure; left: number }[] = [];
  private readonly validTokens = new Set<string>();
  private readonly uuids = new Map<string, { message: SentLarkMessage; at: number }>();
  private readonly chatOfMessage = new Map<string, string>();
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, PendingAck>();
  private readonly serviceId = 33554678;
  private seq = 0;

  constructor(options: FakeLarkOptions = {}) {
    // WSClient refuses (silently) app ids that are not cli_ + 16 hex characters.
    this.appId = options.appId ?? `cli_${randomBytes(8).toString("hex")}`;
    this.appSecret = options.appSecret ?? randomBytes(16).toString("hex");
    this.tenantKey = options.tenantKey ?? randomBytes(8).toString("hex");
    this.verificationToken = options.verificationToken ?? randomBytes(16).toString("hex");
    this.encryptKey = options.encryptKey ?? randomBytes(16).toString("hex");
    this.botOpenId = options.botOpenId ?? `ou_${randomBytes(16).toString("hex")}`;
    this.botName = options.botName ?? "Pacer";
    // Reconnect immediately (nonce 0) and ping rarely unless a test asks otherwise.
    this.clientConfig = {
      PingInterval: 120,
      ReconnectCount: -1,
      ReconnectInterval: 1,
      ReconnectNonce: 0,
      ...options.clientConfig,
    };
    this.ephemeral = options.ephemeral ?? true;
    this.botInfo = options.botInfo ?? true;
  }

  // ------------------------------------------------------------ setup and inspection

  /** Adds users to the contact directory (batch_get_id, users/:id). */
  users(...users: LarkDirectoryUser[]): this {
    this.directory.push(...users);
    return this;
  }

  /**
   * The next `times` calls whose path matches `path` (exact; `:name` matches one segment, or a RegExp)
   * fail with `failure`. Lark's answers: `{status: 429, code: 99991400, reset}` (API rate limit, with
   * x-ogw-ratelimit-* headers), `{status: 400, code: 230020}` (per-chat/user message frequency limit).
   */
  fail(path: string | RegExp, failure: LarkFailure): this {
    this.failures.push({ pattern: toPattern(path), failure, left: failure.times ?? 1 });
    return this;
  }

  /** Shorthand for `fail` with Lark's gateway rate limit (HTTP 429, code 99991400, reset 1 s). */
  rateLimit(path: string | RegExp, failure: Partial<LarkFailure> = {}): this {
    return this.fail(path, {
      status: 429,
      code: 99991400,
      msg: "request trigger frequency limit",
      reset: 1,
      ...failure,
    });
  }

  /** Invalidates every token handed out (Lark answers 99991663 until the app fetches a new one). */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  callsTo(method: string, path: string | RegExp): RecordedLarkCall[] {
    const pattern = toPattern(path);
    return this.calls.filter((c) => c.method === method.toUpperCase() && pattern.test(c.path));
  }

  /** Polls `predicate` until it returns something truthy (the bot works after acknowledging). */
  async waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline) {
        throw new Error(
          `fake Lark: timed out after ${timeoutMs} ms; calls so far: ${this.calls.map((c) => `${c.method} ${c.path}`).join(", ") || "none"}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // ------------------------------------------------------------ lifecycle

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on("upgrade", (req, socket, head) => this.upgrade(req, socket, head));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error("fake Lark stopped"));
    }
    this.pending.clear();
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ------------------------------------------------------------ events to the app

  /** An im.message.receive_v1 envelope from this app's tenant (see lark-crypto). */
  messageEvent(options: MessageEventOptions): LarkEnvelope<MessageReceiveEvent> {
    const env = messageReceiveEvent(this, options);
    // Replies to this message then land in its chat.
    this.chatOfMessage.set(env.event.message.message_id, options.chatId);
    return env;
  }

  /** A card.action.trigger envelope from this app's tenant (see lark-crypto). */
  cardActionEvent(options: CardActionOptions): LarkEnvelope<CardActionTriggerEvent> {
    return cardActionEvent(this, options);
  }

  /** The bot as a mention in a group message (`@_user_1`). */
  get botMention(): { id: LarkUserIds; name: string } {
    return { id: { open_id: this.botOpenId }, name: this.botName };
  }

  /**
   * POSTs `payload` to the app's webhook as Lark does: encrypted and signed with this app's
   * encrypt key unless `options` says otherwise. Returns the HTTP answer.
   */
  async deliver(
    url: string,
    payload: unknown,
    options: LarkRequestOptions = {},
  ): Promise<{ status: number; text: string; json: unknown }> {
    const { body, headers } = larkRequest(payload, { encryptKey: this.encryptKey, ...options });
    const res = await fetch(url, {
      method: "POST",
      headers: { ...headers, "user-agent": "Go-http-client/1.1" },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  /**
   * Saving the event URL in the developer console: Feishu POSTs the url_verification challenge
   * encrypted with the encrypt key but WITHOUT the X-Lark-* signature headers (its SDKs answer it
   * before any signature check), and keeps the URL only if the answer is `{"challenge": …}`.
   */
  async verifyUrl(
    url: string,
    challenge = randomBytes(16).toString("hex"),
  ): Promise<{ saved: boolean; status: number }> {
    const res = await this.deliver(url, urlVerification(this, challenge), { sign: false });
    const answered = (res.json as { challenge?: unknown } | undefined)?.challenge;
    return { saved: res.status === 200 && answered === challenge, status: res.status };
  }

  /** Waits until an app holds a long connection. */
  async connected(timeoutMs = 5000): Promise<void> {
    await this.waitFor(() => [...this.sockets].some((s) => s.readyState === s.OPEN), timeoutMs);
  }

  get openConnections(): number {
    return [...this.sockets].filter((s) => s.readyState === s.OPEN).length;
  }

  /** Drops every long connection as a server restart would (the SDK reconnects). */
  disconnect(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /**
   * Pushes `payload` (a schema-2.0 envelope) over the long connection as a data frame of type
   * "event" — card.action.trigger callbacks travel the same way — split into `fragments` frames
   * (sum/seq headers) if asked. Resolves with the client's ack.
   */
  sendEvent(
    payload: unknown,
    options: { fragments?: number; timeoutMs?: number; type?: string } = {},
  ): Promise<LarkWsAck> {
    const socket = [...this.sockets].reverse().find((s) => s.readyState === s.OPEN);
    if (!socket) return Promise.reject(new Error("fake Lark: no app connected over the long connection"));
    const bytes = Buffer.from(JSON.stringify(payload), "utf8");
    const parts = Math.max(1, Math.min(options.fragments ?? 1, bytes.length));
    const messageId = `msg_${randomBytes(8).toString("hex")}`;
    const traceId = randomBytes(8).toString("hex");
    const ack = new Promise<LarkWsAck>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 5000;
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        reject(new Error(`fake Lark: no ack for ${messageId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(messageId, { resolve, reject, timer });
    });
    const size = Math.ceil(bytes.length / parts);
    for (let seq = 0; seq < parts; seq++) {
      const n = ++this.seq;
      socket.send(
        encodeFrame({
          SeqID: n,
          LogID: n,
          service: this.serviceId,
          method: FRAME_DATA,
          headers: [
            { key: "type", value: options.type ?? "event" },
            { key: "message_id", value: messageId },
            { key: "sum", value: String(parts) },
            { key: "seq", value: String(seq) },
            { key: "trace_id", value: traceId },
            { key: "timestamp", value: String(Date.now()) },
          ],
          payload: bytes.subarray(seq * size, (seq + 1) * size),
        }),
      );
    }
    if (payload && typeof payload === "object" && "event" in payload) {
      const message = (payload as { event?: { message?: { message_id?: string; chat_id?: string } } }).event?.message;
      if (message?.message_id && message.chat_id) this.chatOfMessage.set(message.message_id, message.chat_id);
    }
    return ack;
  }

  /** A card.action.trigger callback over the long connection; the ack's `data` is the handler's answer. */
  sendCardAction(payload: unknown, options: { timeoutMs?: number } = {}): Promise<LarkWsAck> {
    return this.sendEvent(payload, options);
  }

  // ------------------------------------------------------------ WebSocket

  /** Refuse every WebSocket handshake (403, as Lark does for a bad ticket). */
  refuseHandshakes = false;
  /** WebSocket handshakes received (accepted or not). */
  upgradeRequests = 0;
  private held: (() => void)[] | undefined;

  /** Holds every WebSocket handshake (a slow-to-accept endpoint) until `release()`. */
  holdHandshakes(): { release(): void } {
    this.held ??= [];
    return {
      release: () => {
        const held = this.held ?? [];
        this.held = undefined;
        for (const go of held) go();
      },
    };
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, replay = false): void {
    if (!replay) this.upgradeRequests++;
    if (this.held) {
      this.held.push(() => this.upgrade(req, socket, head, true));
      return;
    }
    const url = new URL(req.url ?? "/", "http://x");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (this.refuseHandshakes || url.pathname !== "/ws/v2" || !this.tickets.has(ticket)) {
      // Lark refuses the handshake with these headers (the Go SDK reads them).
      socket.end(
        "HTTP/1.1 403 Forbidden\r\nhandshake-status: 403\r\nhandshake-msg: invalid ticket\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
      );
      return;
    }
    this.wss!.handleUpgrade(req, socket, head, (ws) => {
      this.connections++;
      this.sockets.add(ws);
      ws.on("close", () => this.sockets.delete(ws));
      ws.on("error", () => this.sockets.delete(ws));
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        if (isBinary) this.onFrame(ws, decodeFrame(new Uint8Array(data)));
      });
    });
  }

  private onFrame(ws: WebSocket, frame: PbFrame): void {
    const type = frameHeader(frame, "type");
    if (frame.method === FRAME_CONTROL && type === "ping") {
      this.pings.push({ at: Date.now(), service: frame.service });
      // A pong carries the current ClientConfig; the SDK adopts it.
      ws.send(
        encodeFrame({
          SeqID: 0,
          LogID: 0,
          service: frame.service,
          method: FRAME_CONTROL,
          headers: [{ key: "type", value: "pong" }],
          payload: Buffer.from(JSON.stringify(this.clientConfig)),
        }),
      );
      return;
    }
    if (frame.method === FRAME_DATA) {
      const headers = Object.fromEntries(frame.headers.map((h) => [h.key, h.value]));
      const raw = JSON.parse(Buffer.from(frame.payload ?? new Uint8Array()).toString("utf8")) as Record<
        string,
        unknown
      >;
      const ack: LarkWsAck = { headers, code: Number(raw.code), raw };
      if (typeof raw.data === "string") ack.data = JSON.parse(Buffer.from(raw.data, "base64").toString("utf8"));
      this.acks.push(ack);
      const pending = this.pending.get(headers.message_id ?? "");
      if (pending) {
        clearTimeout(pending.timer);
        this.pending.delete(headers.message_id!);
        pending.resolve(ack);
      }
    }
  }

  // ------------------------------------------------------------ HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    const rawBody = bytes.toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    // Uploads (im/v1/files) are multipart: the fields as strings, the file part as bytes (the SDK
    // sends a Buffer without a filename, so the part named "file" is bytes either way).
    const form = parseMultipart(bytes, String(req.headers["content-type"] ?? ""));
    const isFile = (p: { name: string; fileName?: string }) => p.name === "file" || p.fileName !== undefined;
    let body: unknown = form
      ? Object.fromEntries(form.map((p) => [p.name, isFile(p) ? p.data : p.data.toString("utf8")]))
      : rawBody;
    if (rawBody && String(req.headers["content-type"] ?? "").includes("json")) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
    }
    const call: RecordedLarkCall = {
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization,
      headers: req.headers,
      bytes: Buffer.byteLength(rawBody, "utf8"),
    };
    this.calls.push(call);

    const injected = this.failures.find(
      (f) =>
        f.left > 0 &&
        f.pattern.test(call.path) &&
        (!f.failure.method || f.failure.method.toUpperCase() === call.method),
    );
    if (injected) {
      injected.left--;
      const { status, code, msg, reset, data, accepted } = injected.failure;
      if (accepted) this.route(call);
      const headers: Record<string, string> = {};
      if (reset !== undefined) {
        headers["x-ogw-ratelimit-limit"] = "50";
        headers["x-ogw-ratelimit-reset"] = String(reset);
      }
      call.error = { status, code };
      const answer: Record<string, unknown> = {
        code,
        msg: msg ?? (code === 230020 ? "This operation triggers the frequency limit." : "error"),
      };
      if (data !== undefined) answer.data = data;
      this.json(res, status, answer, headers);
      return;
    }

    const answer = this.route(call);
    if (!answer) {
      call.error = { status: 404, code: 0 };
      res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found");
      return;
    }
    if (answer.status !== 200)
      call.error = { status: answer.status, code: Number((answer.body as { code?: number }).code) };
    this.json(res, answer.status, answer.body);
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res
      .writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "x-tt-logid": randomBytes(12).toString("hex"),
        ...headers,
      })
      .end(JSON.stringify(body));
  }

  private route(call: RecordedLarkCall): { status: number; body: unknown } | undefined {
    const { method, path } = call;
    const body = (call.body && typeof call.body === "object" ? call.body : {}) as Record<string, unknown>;
    const ok = (data?: unknown) => ({
      status: 200,
      body: data === undefined ? { code: 0, msg: "success", data: {} } : { code: 0, msg: "success", data },
    });
    const err = (e: { status: number; code: number; msg: string }) => ({
      status: e.status,
      body: { code: e.code, msg: e.msg },
    });

    if (
      method === "POST" &&
      (path === "/open-apis/auth/v3/tenant_access_token/internal" ||
        path === "/open-apis/auth/v3/app_access_token/internal")
    ) {
      if (body.app_id !== this.appId || body.app_secret !== this.appSecret) return err(ERR.appSecret);
      const token = `t-g${randomBytes(20).toString("hex")}`;
      this.tokens.push(token);
      this.validTokens.add(token);
      if (path.includes("app_access_token")) {
        return {
          status: 200,
          body: {
            code: 0,
            msg: "ok",
            app_access_token: `a-g${randomBytes(20).toString("hex")}`,
            tenant_access_token: token,
            expire: TOKEN_TTL_SECONDS,
          },
        };
      }
      return { status: 200, body: { code: 0, msg: "ok", tenant_access_token: token, expire: TOKEN_TTL_SECONDS } };
    }

    if (method === "POST" && path === "/callback/ws/endpoint") {
      if (body.AppID !== this.appId || body.AppSecret !== this.appSecret)
        return { status: 200, body: { code: 403, msg: "forbidden" } };
      const ticket = randomBytes(16).toString("hex");
      this.tickets.add(ticket);
      const ws = this.url.replace(/^http/, "ws");
      // The same query keys as Lark's endpoint (the SDK reads device_id and service_id from it).
      const URL = `${ws}/ws/v2?fpid=493&aid=552564&device_id=${randomBytes(8).toString("hex")}&access_key=${randomBytes(8).toString("hex")}&service_id=${this.serviceId}&ticket=${ticket}`;
      return { status: 200, body: { code: 0, msg: "ok", data: { URL, ClientConfig: this.clientConfig } } };
    }

    if (!path.startsWith("/open-apis/")) return undefined;

    // Every Open API below needs a tenant access token this fake handed out.
    const auth = call.authorization ?? "";
    if (!auth.startsWith("Bearer ")) return err(ERR.missingToken);
    const token = auth.slice("Bearer ".length);
    if (!this.validTokens.has(token)) return err(ERR.invalidToken);

    // Card messages (send, reply, update, ephemeral) carry at most 30 KB of request body.
    const sendsCard =
      (method === "POST" &&
        (path === "/open-apis/im/v1/messages" ||
          path === "/open-apis/ephemeral/v1/send" ||
          /^\/open-apis\/im\/v1\/messages\/[^/]+\/reply$/.test(path))) ||
      (method === "PATCH" && /^\/open-apis\/im\/v1\/messages\/[^/]+$/.test(path));
    if (sendsCard && call.bytes > CARD_BODY_BYTES) return err(ERR.tooLarge);

    let m: RegExpMatchArray | null;
    if (method === "GET" && path === "/open-apis/bot/v3/info") {
      if (!this.botInfo) return undefined;
      // Not wrapped in `data`: this older API answers with `bot` at the top level.
      return {
        status: 200,
        body: {
          code: 0,
          msg: "ok",
          bot: {
            activate_status: 2,
            app_name: this.botName,
            avatar_url: "https://s1-imfile.feishucdn.com/static-resource/v1/default-avatar",
            ip_white_list: [],
            open_id: this.botOpenId,
          },
        },
      };
    }
    if (method === "POST" && path === "/open-apis/ephemeral/v1/send") {
      if (!this.ephemeral) return err(ERR.noScope);
      return this.sendEphemeral(body, token);
    }
    if (method === "POST" && path === "/open-apis/im/v1/messages") {
      const idType = call.query.receive_id_type;
      if (!idType || !["open_id", "user_id", "union_id", "email", "chat_id"].includes(idType))
        return err(ERR.validation);
      const receiveId = typeof body.receive_id === "string" ? body.receive_id : "";
      const chatId = this.chatFor(idType, receiveId);
      if (!chatId) return err({ ...ERR.badParam, msg: `invalid receive_id: ${receiveId} (${idType})` });
      return this.send(body, token, {
        kind: "create",
        receive_id: receiveId,
        receive_id_type: idType,
        chat_id: chatId,
      });
    }
    if (method === "POST" && (m = path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/))) {
      const target = decodeURIComponent(m[1]!);
      if (!target.startsWith("om_")) return err({ ...ERR.badParam, msg: `invalid message_id: ${target}` });
      const chatId = this.chatOfMessage.get(target) ?? "";
      const sent: Partial<SentLarkMessage> = { kind: "reply", reply_to: target, chat_id: chatId };
      if (typeof body.reply_in_thread === "boolean") sent.reply_in_thread = body.reply_in_thread;
      return this.send(body, token, sent);
    }
    if (method === "PATCH" && (m = path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)$/))) {
      const target = decodeURIComponent(m[1]!);
      if (!target.startsWith("om_")) return err({ ...ERR.badParam, msg: `invalid message_id: ${target}` });
      const parsed = parseContent(body.content);
      if (parsed === undefined) return err(ERR.validation);
      if (this.ephemerals.some((e) => e.message_id === target)) return err(ERR.ephemeralPatch);
      const message = this.messages.find((x) => x.message_id === target);
      // Only cards can be patched. Ids the fake never sent are accepted (tests often invent them).
      if (message && message.msg_type !== "interactive")
        return err({ ...ERR.badParam, msg: "only interactive (card) messages can be patched" });
      message?.patches.push(parsed);
      return ok();
    }
    if (method === "POST" && path === "/open-apis/im/v1/files") return this.upload(body);
    if (method === "POST" && path === "/open-apis/contact/v3/users/batch_get_id") {
      const idType = (call.query.user_id_type ?? "open_id") as keyof LarkUserIds;
      const idOf = (u: LarkDirectoryUser | undefined) => (u ? (u[idType] ?? derivedId(u, idType)) : undefined);
      const list: Record<string, unknown>[] = [];
      for (const email of asStrings(body.emails)) {
        const u = this.directory.find((d) => d.email?.toLowerCase() === email.toLowerCase());
        list.push(withId({ email }, idOf(u)));
      }
      for (const mobile of asStrings(body.mobiles)) {
        const u = this.directory.find((d) => d.mobile && normalizeMobile(d.mobile) === normalizeMobile(mobile));
        list.push(withId({ mobile }, idOf(u)));
      }
      return ok({ user_list: list });
    }
    if (method === "GET" && (m = path.match(/^\/open-apis\/contact\/v3\/users\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1]!);
      const idType = (call.query.user_id_type ?? "open_id") as keyof LarkUserIds;
      const u = this.directory.find((d) => (d[idType] ?? derivedId(d, idType)) === id);
      if (!u) return err(ERR.noUser);
      return ok({
        user: {
          open_id: u.open_id,
          user_id: u.user_id ?? derivedId(u, "user_id"),
          union_id: u.union_id ?? derivedId(u, "union_id"),
          name: u.name ?? "",
          en_name: "",
          ...(u.email ? { email: u.email } : {}),
          ...(u.mobile ? { mobile: u.mobile, mobile_visible: true } : {}),
          status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false },
        },
      });
    }
    return undefined;
  }

  /** The chat a message to (id type, id) lands in, or undefined when Lark would refuse the id. */
  private chatFor(idType: string, id: string): string | undefined {
    if (idType === "chat_id") return id.startsWith("oc_") ? id : undefined;
    let openId: string | undefined;
    if (idType === "open_id") openId = id.startsWith("ou_") ? id : undefined;
    else if (idType === "email") openId = this.directory.find((d) => d.email === id)?.open_id;
    else
      openId = this.directory.find(
        (d) => (d[idType as keyof LarkUserIds] ?? derivedId(d, idType as keyof LarkUserIds)) === id,
      )?.open_id;
    // A p2p chat between the bot and the user: one stable chat id per user.
    return openId ? `oc_${createHash("sha256").update(`p2p:${openId}`).digest("hex").slice(0, 32)}` : undefined;
  }

  private send(
    body: Record<string, unknown>,
    token: string,
    sent: Partial<SentLarkMessage>,
  ): { status: number; body: unknown } {
    const msgType = typeof body.msg_type === "string" ? body.msg_type : "";
    const parsed = parseContent(body.content);
    const uuid = typeof body.uuid === "string" && body.uuid ? body.uuid : undefined;
    // content must be a JSON string; uuid is at most 50 characters.
    if (!msgType || parsed === undefined || (uuid && uuid.length > 50))
      return { status: 400, body: { code: ERR.validation.code, msg: ERR.validation.msg } };
    if (msgType === "file" && !this.files.has(String((parsed as { file_key?: unknown }).file_key)))
      return { status: 400, body: { code: ERR.badParam.code, msg: "invalid file_key" } };
    // Lark sends a uuid at most once per hour: a repeat answers the first message again.
    const now = Date.now();
    const previous = uuid ? this.uuids.get(uuid) : undefined;
    if (previous && now - previous.at < UUID_TTL_MS)
      return { status: 200, body: { code: 0, msg: "success", data: this.messageData(previous.message) } };
    const message: SentLarkMessage = {
      message_id: `om_${randomBytes(16).toString("hex")}`,
      kind: sent.kind ?? "create",
      chat_id: sent.chat_id ?? "",
      msg_type: msgType,
      content: body.content as string,
      parsed,
      patches: [],
      token,
      ...(sent.receive_id !== undefined ? { receive_id: sent.receive_id, receive_id_type: sent.receive_id_type } : {}),
      ...(sent.reply_to !== undefined ? { reply_to: sent.reply_to } : {}),
      ...(sent.reply_in_thread !== undefined ? { reply_in_thread: sent.reply_in_thread } : {}),
      ...(uuid ? { uuid } : {}),
    };
    this.messages.push(message);
    this.chatOfMessage.set(message.message_id, message.chat_id);
    if (uuid) this.uuids.set(uuid, { message, at: now });
    return { status: 200, body: { code: 0, msg: "success", data: this.messageData(message) } };
  }

  /**
   * POST im/v1/files (multipart: file_type, file_name, file): a file_key for a "file" message.
   * Lark refuses an empty file, a file above 30 MB and a file_type outside its list.
   */
  private upload(body: Record<string, unknown>): { status: number; body: unknown } {
    const fail = (code: number, msg: string) => ({ status: 400, body: { code, msg } });
    const { file_type: fileType, file_name: fileName, file } = body;
    if (typeof fileType !== "string" || !FILE_TYPES.includes(fileType)) return fail(ERR.validation.code, "file_type");
    if (typeof fileName !== "string" || fileName === "") return fail(ERR.validation.code, "file_name");
    if (!Buffer.isBuffer(file) || file.length === 0) return fail(234010, "File cannot be empty.");
    if (file.length > this.fileSizeLimit) return fail(234006, "The file size exceed the max value.");
    const fileKey = `file_v3_${randomBytes(12).toString("hex")}`;
    this.files.set(fileKey, { file_key: fileKey, file_type: fileType, file_name: fileName, data: file });
    return { status: 200, body: { code: 0, msg: "success", data: { file_key: fileKey } } };
  }

  /** The file a "file" message carries, or undefined when it is not one. */
  fileOf(message: SentLarkMessage): LarkUploadedFile | undefined {
    if (message.msg_type !== "file") return undefined;
    return this.files.get(String((message.parsed as { file_key?: unknown }).file_key));
  }

  private sendEphemeral(body: Record<string, unknown>, token: string): { status: number; body: unknown } {
    const invalid = (e: { status: number; code: number; msg: string }, msg?: string) => ({
      status: e.status,
      body: { code: e.code, msg: msg ?? e.msg },
    });
    const { chat_id: chatId, open_id: openId, msg_type: msgType, card } = body;
    if (
      typeof chatId !== "string" ||
      chatId === "" ||
      typeof openId !== "string" ||
      openId === "" ||
      msgType !== "interactive"
    )
      return invalid(ERR.validation);
    // The card goes as an object here (not as a JSON string, unlike im/v1/messages content).
    if (!card || typeof card !== "object" || Array.isArray(card)) return invalid(ERR.validation);
    if (!chatId.startsWith("oc_")) return invalid(ERR.badParam, `invalid chat_id: ${chatId}`);
    if (!openId.startsWith("ou_")) return invalid(ERR.badParam, `invalid open_id: ${openId}`);
    // The ephemeral API takes no translations: neither per-field nor card-wide i18n.
    const i18n = i18nFields(card);
    if (i18n.length > 0)
      return invalid(ERR.badParam, `ephemeral cards do not support i18n: ${i18n.slice(0, 5).join(", ")}`);
    const message_id = `om_${randomBytes(16).toString("hex")}`;
    this.ephemerals.push({
      message_id,
      chat_id: chatId,
      open_id: openId,
      card: card as Record<string, unknown>,
      at: Date.now(),
      token,
    });
    return { status: 200, body: { code: 0, msg: "ok", data: { message_id } } };
  }

  private messageData(message: SentLarkMessage): Record<string, unknown> {
    const createTime = String(Date.now());
    return {
      message_id: message.message_id,
      ...(message.reply_to ? { root_id: message.reply_to, parent_id: message.reply_to } : {}),
      msg_type: message.msg_type,
      create_time: createTime,
      update_time: createTime,
      deleted: false,
      updated: false,
      chat_id: message.chat_id,
      sender: { id: this.appId, id_type: "app_id", sender_type: "app", tenant_key: this.tenantKey },
      body: { content: message.content },
    };
  }
}

// ---------------------------------------------------------------- helpers

function toPattern(path: string | RegExp): RegExp {
  if (path instanceof RegExp) return path;
  const escaped = path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${escaped}$`);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Message content must be a JSON *string* (an object is refused); undefined when it is not. */
function parseContent(content: unknown): unknown {
  if (typeof content !== "string") return undefined;
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}

/** Where a card carries translations: `i18n_content` / `i18n_elements` / `i18n_header` anywhere, `config.locales`. */
function i18nFields(card: object): string[] {
  const found: string[] = [];
  const locales = (card as { config?: { locales?: unknown } }).config?.locales;
  if (locales !== undefined) found.push("config.locales");
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      node.forEach((x, i) => walk(x, `${where}[${i}]`));
      return;
    }
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      const at = where ? `${where}.${key}` : key;
      if (key === "i18n_content" || key === "i18n_elements" || key === "i18n_header") found.push(at);
      else walk(value, at);
    }
  };
  walk(card, "");
  return found;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function normalizeMobile(mobile: string): string {
  // Lark treats a number without country code as +86.
  const digits = mobile.replace(/[\s-]/g, "");
  return digits.startsWith("+") ? digits : `+86${digits}`;
}

function withId(entry: Record<string, unknown>, id: string | undefined): Record<string, unknown> {
  // Unknown emails/mobiles come back without user_id.
  return id
    ? {
        user_id: id,
        ...entry,
        status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false },
      }
    : entry;
}

/** Stable user_id / union_id for directory users given only an open_id. */
function derivedId(user: LarkUserIds, type: keyof LarkUserIds): string {
  if (type === "open_id") return user.open_id;
  const hash = createHash("sha256").update(`${type}:${user.open_id}`).digest("hex");
  return type === "union_id" ? `on_${hash.slice(0, 32)}` : hash.slice(0, 8);
}
