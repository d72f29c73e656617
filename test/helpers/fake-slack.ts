// A fake Slack on 127.0.0.1: the Web API (whatever the real @slack/web-api client calls, under
// SLACK_API_URL) and response_url endpoints. It records every call it receives, answers like
// Slack does, and can be told to rate-limit a method. Requests *to* Pacer are signed exactly as
// Slack signs them (v0 HMAC-SHA256 of "v0:<timestamp>:<raw body>").
//
// It refuses what Slack refuses, so a message Slack would drop fails a test here too:
//  - a message (chat.postMessage / postEphemeral / update, or a response_url reply) with more than
//    50 blocks or a section text over 3,000 characters: `invalid_blocks`; more than 12,000
//    characters of text in its blocks: `msg_blocks_too_long` (undocumented, confirmed by Slack);
//  - views.open with a trigger_id it never issued (`invalid_trigger_id`), one already used
//    (`exchanged_trigger_id`) or older than 3 s (`expired_trigger_id`), and a view breaking the
//    modal limits (title/submit/close over 24 characters, over 100 blocks, private_metadata over
//    3,000 characters, an input block without label or element): `invalid_arguments`;
//  - chat.postMessage to a DM the bot is not in (`channel_not_found`): the bot's DM with a user is
//    "D" + the user id (what conversations.open answers here); any other "D…" channel is a DM
//    between people (where a slash command may be typed, but the bot cannot post).
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { URLSearchParams } from "node:url";
import { WebSocketServer, type WebSocket } from "ws";
import { parseMultipart } from "./multipart.ts";

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface SlackFile {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  title?: string;
  altText?: string;
  /** The bytes POSTed to the upload URL (undefined until then). */
  data?: Buffer;
}

export interface SlackFileShare {
  channel: string;
  fileIds: string[];
  initialComment?: string;
  ts: string;
}

/** Slack's message limits (Block Kit reference; the total is undocumented, confirmed by Slack). */
export const SLACK_MESSAGE_LIMITS = { blocks: 50, sectionText: 3000, totalText: 12_000 } as const;

/** Characters of text in a message's blocks (every plain_text / mrkdwn object's `text`). */
export function blocksTextLength(blocks: unknown): number {
  let total = 0;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if ((o.type === "plain_text" || o.type === "mrkdwn") && typeof o.text === "string") total += o.text.length;
      else Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return total;
}

/** What Slack answers for these blocks: null when it accepts them, else its error name. */
export function slackBlocksError(blocks: unknown): "invalid_blocks" | "msg_blocks_too_long" | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks) || blocks.length > SLACK_MESSAGE_LIMITS.blocks) return "invalid_blocks";
  for (const block of blocks as Record<string, unknown>[]) {
    const text = (block.text as { text?: unknown } | undefined)?.text;
    if (block.type === "section" && typeof text === "string" && text.length > SLACK_MESSAGE_LIMITS.sectionText)
      return "invalid_blocks";
  }
  return blocksTextLength(blocks) > SLACK_MESSAGE_LIMITS.totalText ? "msg_blocks_too_long" : null;
}

export interface RefusedResponse {
  id: string;
  body: Record<string, unknown>;
  error: string;
}

export interface DirectoryUser {
  id: string;
  email?: string;
  name?: string;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Replies posted to response_url endpoints that Slack accepted. */
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  /** Replies to response_url endpoints that Slack refused (bad blocks), with its error. */
  readonly refusedResponses: RefusedResponse[] = [];
  private server: Server | undefined;
  private directory = new Map<string, DirectoryUser>();
  private rateLimited = new Map<string, number>();
  private retryAfter = new Map<string, number>();
  private ts = 1_700_000_000;
  url = "";
  readonly teamId = "T0PACER";
  /** Socket Mode: envelopes acknowledged by the app (by envelope_id). */
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  private wss: WebSocketServer | undefined;
  private sockets = new Set<WebSocket>();
  readonly botUserId = "U0BOT";
  /** Files uploaded with files.getUploadURLExternal + POST to its upload_url, by file id. */
  readonly files = new Map<string, SlackFile>();
  /** files.completeUploadExternal calls that shared files in a channel: one message each. */
  readonly shares: SlackFileShare[] = [];
  /** The largest file Slack accepts (1 GB); lower it to test the refusal without a 1 GB buffer. */
  fileSizeLimit = 1024 * 1024 * 1024;
  private nextFile = 0;

  /** Modals opened with views.open (the view as sent, for the user whose click issued the trigger). */
  readonly views: { id: string; hash: string; user: string; view: Record<string, unknown> }[] = [];
  private triggers = new Map<string, { user: string; at: number; used: boolean }>();
  private nextTrigger = 0;
  /** How long a trigger_id is good for (Slack: 3 s); lower it to test the expiry. */
  triggerLifetimeMs = 3000;

  /** A trigger_id as Slack puts in an interaction payload of `user` (good for 3 s, once). */
  triggerId(user: string): string {
    const id = `${++this.nextTrigger}.${Date.now()}.fake${this.nextTrigger}`;
    this.triggers.set(id, { user, at: Date.now(), used: false });
    return id;
  }

  /**
   * The block_actions payload of `user` pressing a button (value `value`) on the message `ts` in
   * their DM, as the form body Slack posts to the app.
   */
  buttonPress(options: { user: string; value: string; ts: string; actionId: string }): string {
    const { user, value, ts, actionId } = options;
    const payload = {
      type: "block_actions",
      team: { id: this.teamId },
      user: { id: user },
      container: { type: "message", channel_id: `D${user}`, message_ts: ts, is_ephemeral: false },
      response_url: this.responseUrl(ts),
      actions: [{ type: "button", action_id: actionId, value, action_ts: ts }],
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  /**
   * A DM from `user` to the bot as the Events API delivers it (JSON). `seq` makes its ts; the event
   * id must be new, as Slack deduplicates them.
   */
  dmEvent(options: { eventId: string; user: string; text: string; seq: number }): string {
    const { eventId, user, text, seq } = options;
    return JSON.stringify({
      type: "event_callback",
      team_id: this.teamId,
      api_app_id: "A0PACER",
      event_id: eventId,
      event_time: 1,
      event: {
        type: "message",
        channel_type: "im",
        channel: `D${user}`,
        user,
        text,
        ts: `${1_700_000_000 + seq}.0001`,
      },
    });
  }

  /** The view_submission payload of an opened modal with `values` typed (block id → text). */
  viewSubmission(viewId: string, values: Record<string, string>): Record<string, unknown> {
    const opened = this.views.find((v) => v.id === viewId);
    if (!opened) throw new Error(`fake Slack: no view ${viewId}`);
    const blocks = (opened.view.blocks as { block_id?: string; element?: { action_id?: string } }[]) ?? [];
    const state: Record<string, Record<string, { type: string; value: string | null }>> = {};
    for (const b of blocks)
      if (b.block_id && b.element?.action_id)
        state[b.block_id] = { [b.element.action_id]: { type: "plain_text_input", value: values[b.block_id] ?? null } };
    return {
      type: "view_submission",
      team: { id: this.teamId },
      user: { id: opened.user },
      trigger_id: this.triggerId(opened.user),
      view: {
        id: opened.id,
        hash: opened.hash,
        type: "modal",
        callback_id: opened.view.callback_id,
        private_metadata: opened.view.private_metadata ?? "",
        state: { values: state },
      },
    };
  }

  private openView(body: Record<string, unknown>): Record<string, unknown> {
    const trigger = this.triggers.get(String(body.trigger_id ?? ""));
    if (!trigger) return { ok: false, error: "invalid_trigger_id" };
    if (trigger.used) return { ok: false, error: "exchanged_trigger_id" };
    if (Date.now() - trigger.at > this.triggerLifetimeMs) return { ok: false, error: "expired_trigger_id" };
    const view = body.view as Record<string, unknown> | undefined;
    if (view?.type !== "modal" || !modalIsValid(view)) return { ok: false, error: "invalid_arguments" };
    trigger.used = true;
    const id = `V${String(this.views.length + 1).padStart(9, "0")}`;
    const hash = `${Date.now()}.${id}`;
    this.views.push({ id, hash, user: trigger.user, view });
    return { ok: true, view: { id, hash, ...view } };
  }

  users(...users: DirectoryUser[]): this {
    for (const u of users) this.directory.set(u.id, u);
    return this;
  }

  /** The next `times` calls of `method` get HTTP 429 with Retry-After. */
  rateLimit(method: string, times = 1, retryAfterSeconds = 1): void {
    this.rateLimited.set(method, times);
    this.retryAfter.set(method, retryAfterSeconds);
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /**
   * A response_url as Slack hands one out with a command or an interaction. Slack takes up to 5
   * replies within 30 minutes on it (api.slack.com "Handling user interaction"); after that this
   * fake answers 404 `expired_url` / `used_url` (the exact shape of Slack's refusal is not
   * documented; the status is what Pacer goes by). `responseUrlLifetimeMs` shortens the 30 minutes.
   */
  responseUrl(id: string): string {
    if (!this.issuedResponseUrls.has(id)) this.issuedResponseUrls.set(id, { at: Date.now(), uses: 0 });
    return `${this.url}/respond/${id}`;
  }

  /** How long a response_url takes replies (Slack: 30 minutes). */
  responseUrlLifetimeMs = 30 * 60_000;
  private readonly issuedResponseUrls = new Map<string, { at: number; uses: number }>();

  /** Replies to response_urls refused for age or use (expired_url / used_url). */
  readonly expiredResponses: { id: string; error: string }[] = [];

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `predicate` holds for the recorded calls (the bot answers after acking). */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`fake Slack: timed out waiting; calls so far: ${this.calls.map((c) => c.method).join(", ")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const bytes = await readBody(req);
      const raw = bytes.toString("utf8");
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname.startsWith("/upload/")) {
        this.receiveUpload(decodeURIComponent(url.pathname.slice("/upload/".length)), bytes, req, res);
        return;
      }
      const body = parse(raw, String(req.headers["content-type"] ?? ""));
      if (url.pathname.startsWith("/respond/")) {
        const id = url.pathname.slice("/respond/".length);
        const issued = this.issuedResponseUrls.get(id) ?? { at: Date.now(), uses: 0 };
        this.issuedResponseUrls.set(id, issued);
        const spent =
          Date.now() - issued.at > this.responseUrlLifetimeMs ? "expired_url" : issued.uses >= 5 ? "used_url" : null;
        if (spent) {
          this.expiredResponses.push({ id, error: spent });
          res.writeHead(404, { "content-type": "text/plain" }).end(spent);
          return;
        }
        issued.uses++;
        const error = slackBlocksError(body.blocks);
        if (error) {
          this.refusedResponses.push({ id, body, error });
          res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error }));
          return;
        }
        this.responses.push({ id, body });
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      const method = url.pathname.replace(/^\/api\//, "");
      this.calls.push({ method, body, authorization: req.headers.authorization });
      const limited = this.rateLimited.get(method) ?? 0;
      if (limited > 0) {
        this.rateLimited.set(method, limited - 1);
        res
          .writeHead(429, {
            "content-type": "application/json",
            "retry-after": String(this.retryAfter.get(method) ?? 1),
          })
          .end(JSON.stringify({ ok: false, error: "ratelimited" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(this.answer(method, body)));
    });
    // Socket Mode: apps.connections.open hands out ws://…/socket; the fake greets with "hello".
    this.wss = new WebSocketServer({ server: this.server, path: "/socket" });
    this.wss.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("message", (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) this.acks.push({ envelope_id: msg.envelope_id, payload: msg.payload });
      });
      socket.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          debug_info: { host: "fake", approximate_connection_time: 3600 },
          connection_info: { app_id: "A0PACER" },
        }),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Waits until an app is connected over Socket Mode. */
  async socketConnected(timeoutMs = 10_000): Promise<void> {
    await this.waitFor(() => this.sockets.size > 0, timeoutMs);
  }

  /** Sends a Socket Mode envelope (as Slack does) to every connected app. */
  sendEnvelope(envelope: {
    envelope_id: string;
    type: string;
    payload: unknown;
    accepts_response_payload?: boolean;
  }): void {
    for (const socket of this.sockets) socket.send(JSON.stringify({ accepts_response_payload: false, ...envelope }));
  }

  // ---------------------------------------------------------------- file uploads
  // Slack's upload flow (what WebClient.files.uploadV2 does): files.getUploadURLExternal
  // {filename, length} → an upload_url and a file id; the bytes are POSTed to that URL (here: on
  // the fake itself); files.completeUploadExternal {files: [{id, title}], channel_id,
  // initial_comment} shares them in the channel as one message. Refused like Slack: a length above
  // the limit, a channel the bot is not in ("CNOTIN…", as for chat.postEphemeral), a user id
  // instead of a conversation id, a file never uploaded.

  /** The files shared in `channel` (a DM's conversation id is "D<user id>"), oldest first. */
  sharedIn(channel: string): SlackFile[] {
    return this.shares.filter((s) => s.channel === channel).flatMap((s) => s.fileIds.map((id) => this.files.get(id)!));
  }

  private uploadUrl(body: Record<string, unknown>): Record<string, unknown> {
    const length = Number(body.length);
    const filename = typeof body.filename === "string" ? body.filename : "";
    if (!filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: "invalid_arguments" };
    if (length > this.fileSizeLimit) return { ok: false, error: "file_too_large" };
    const id = `F0${String(++this.nextFile).padStart(9, "0")}`;
    this.files.set(id, { id, filename, length, ...(body.alt_text ? { altText: String(body.alt_text) } : {}) });
    return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
  }

  private receiveUpload(id: string, bytes: Buffer, req: IncomingMessage, res: ServerResponse): void {
    const file = this.files.get(id);
    // The client may POST the raw bytes or a multipart form with the file as its one part.
    const parts = parseMultipart(bytes, String(req.headers["content-type"] ?? ""));
    const data = parts ? parts.find((p) => p.fileName !== undefined)?.data : bytes;
    if (!file || file.data || !data || data.length !== file.length) {
      res.writeHead(400, { "content-type": "text/plain" }).end("bad upload");
      return;
    }
    file.data = data;
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${data.length}`);
  }

  private completeUpload(body: Record<string, unknown>): Record<string, unknown> {
    const listed = Array.isArray(body.files) ? (body.files as { id?: unknown; title?: unknown }[]) : [];
    if (listed.length === 0) return { ok: false, error: "invalid_arguments" };
    const files: SlackFile[] = [];
    for (const f of listed) {
      const file = this.files.get(String(f.id));
      if (!file?.data) return { ok: false, error: "file_not_found" };
      if (typeof f.title === "string") file.title = f.title;
      files.push(file);
    }
    const channel = typeof body.channel_id === "string" ? body.channel_id : undefined;
    if (channel !== undefined) {
      if (channel.startsWith("CNOTIN")) return { ok: false, error: "not_in_channel" };
      if (!/^[CDG][A-Z0-9]+$/.test(channel)) return { ok: false, error: "channel_not_found" };
      this.shares.push({
        channel,
        fileIds: files.map((f) => f.id),
        ...(typeof body.initial_comment === "string" ? { initialComment: body.initial_comment } : {}),
        ts: `${++this.ts}.000100`,
      });
    }
    return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? f.filename })) };
  }

  /** Calls Slack refused, with the error it answered (they are in `calls` too). */
  readonly refused: (RecordedCall & { error: string })[] = [];

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const refusal = this.refusal(method, body);
    if (refusal) {
      this.refused.push({ ...this.calls[this.calls.length - 1]!, error: refusal });
      return { ok: false, error: refusal };
    }
    const answer = this.accept(method, body);
    if (answer.ok === false) this.refused.push({ ...this.calls[this.calls.length - 1]!, error: String(answer.error) });
    return answer;
  }

  /** Slack's error for a call it refuses outright, or null. */
  private refusal(method: string, body: Record<string, unknown>): string | null {
    if (!["chat.postMessage", "chat.postEphemeral", "chat.update"].includes(method)) return null;
    const channel = String(body.channel ?? "");
    if (method === "chat.postMessage" && channel.startsWith("D") && !/^DU[A-Z0-9]+$/.test(channel))
      return "channel_not_found";
    return slackBlocksError(body.blocks);
  }

  private accept(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const ts = `${++this.ts}.000100`;
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://pacer-test.slack.com/",
          team: "Pacer Test",
          user: "pacer",
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: "B0BOT",
        };
      case "users.info": {
        const user = this.directory.get(String(body.user));
        return user
          ? {
              ok: true,
              user: {
                id: user.id,
                team_id: this.teamId,
                name: user.name ?? user.id,
                profile: { email: user.email, real_name: user.name },
              },
            }
          : { ok: false, error: "user_not_found" };
      }
      case "users.lookupByEmail": {
        const user = [...this.directory.values()].find((u) => u.email === body.email);
        return user
          ? { ok: true, user: { id: user.id, profile: { email: user.email } } }
          : { ok: false, error: "users_not_found" };
      }
      case "chat.postMessage":
        return { ok: true, channel: body.channel, ts, message: { ts, text: body.text } };
      case "chat.postEphemeral":
        return String(body.channel).startsWith("CNOTIN")
          ? { ok: false, error: "not_in_channel" }
          : { ok: true, message_ts: ts };
      case "chat.update":
        return { ok: true, channel: body.channel, ts: body.ts };
      case "apps.connections.open":
        return { ok: true, url: `${this.url.replace("http://", "ws://")}/socket` };
      case "views.publish":
        return { ok: true, view: { id: "V1" } };
      case "views.open":
        return this.openView(body);
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case "files.getUploadURLExternal":
        return this.uploadUrl(body);
      case "files.completeUploadExternal":
        return this.completeUpload(body);
      default:
        return { ok: true };
    }
  }
}

/** Slack's modal limits (views reference): what views.open refuses as `invalid_arguments`. */
function modalIsValid(view: Record<string, unknown>): boolean {
  const short = (t: unknown, required: boolean) =>
    t === undefined
      ? !required
      : typeof t === "object" &&
        t !== null &&
        (t as { type?: unknown }).type === "plain_text" &&
        typeof (t as { text?: unknown }).text === "string" &&
        ((t as { text: string }).text.length ?? 0) <= 24;
  if (!short(view.title, true) || !short(view.submit, false) || !short(view.close, false)) return false;
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) return false;
  if (typeof view.callback_id === "string" && view.callback_id.length > 255) return false;
  const blocks = view.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 100) return false;
  const inputs = blocks.filter((b: { type?: unknown }) => b.type === "input") as Record<string, unknown>[];
  // A modal with inputs must have a submit button.
  if (inputs.length > 0 && view.submit === undefined) return false;
  return inputs.every((b) => b.label !== undefined && typeof b.element === "object" && b.element !== null);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

function parse(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const form = Object.fromEntries(new URLSearchParams(raw)) as Record<string, unknown>;
  // The Web API client sends structured arguments (blocks) as JSON strings inside the form.
  for (const key of ["blocks", "view", "attachments", "files"])
    if (typeof form[key] === "string") form[key] = JSON.parse(form[key] as string);
  return form;
}

/** Headers Slack would send with `body`. */
export function slackSignature(
  body: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "x-slack-signature": signature, "x-slack-request-timestamp": String(timestamp) };
}

/** The headers of Slack re-sending a request it got no 2xx for: signed anew, numbered, with the reason. */
export function slackRetryHeaders(
  body: string,
  secret: string,
  retryNum = 1,
  reason = "http_error",
): Record<string, string> {
  return { ...slackSignature(body, secret), "x-slack-retry-num": String(retryNum), "x-slack-retry-reason": reason };
}
