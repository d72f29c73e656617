// A fake Slack on 127.0.0.1: the Web API (whatever the real @slack/web-api client calls, under
// SLACK_API_URL) and response_url endpoints. It records every call it receives, answers like
// Slack does, and can be told to rate-limit a method. Requests *to* Pacer are signed exactly as
// Slack signs them (v0 HMAC-SHA256 of "v0:<timestamp>:<raw body>").
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { URLSearchParams } from "node:url";
import { WebSocketServer, type WebSocket } from "ws";

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface DirectoryUser {
  id: string;
  email?: string;
  name?: string;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
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

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

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
      const raw = await readBody(req);
      const url = new URL(req.url ?? "/", "http://x");
      const body = parse(raw, String(req.headers["content-type"] ?? ""));
      if (url.pathname.startsWith("/respond/")) {
        this.responses.push({ id: url.pathname.slice("/respond/".length), body });
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

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
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
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      default:
        return { ok: true };
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (data += c));
    req.on("end", () => resolve(data));
  });
}

function parse(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const form = Object.fromEntries(new URLSearchParams(raw)) as Record<string, unknown>;
  // The Web API client sends structured arguments (blocks) as JSON strings inside the form.
  for (const key of ["blocks", "view", "attachments"])
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
