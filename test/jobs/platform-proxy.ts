// An HTTP proxy between Pacer and a fake platform (FakeSlack / FakeLark), for what the fakes do not
// do themselves:
//   - record every exchange with the status the client got (a 429 is not a message);
//   - enforce a platform's published rate limits as sliding windows (per app/workspace, per chat),
//     answering 429 exactly as the platform does — so a benchmark proves the limits are kept;
//   - freeze message sends at a chosen moment, either before the platform sees them ("requests":
//     the platform never accepts them) or after it accepted them but before the answer reaches
//     Pacer ("responses": the one window where the outcome is unknown) — for the crash tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export type Flavor = "slack" | "lark";

export interface SlidingLimit {
  /** Requests counted together: "app" (all sends) or "chat" (per conversation). */
  scope: "app" | "chat";
  limit: number;
  windowMs: number;
}

export interface Exchange {
  path: string;
  /** The conversation a send is addressed to (Slack `channel`, Lark `receive_id`). */
  chat: string | null;
  /** What the client got; null while held. */
  status: number | null;
  /** Whether the upstream platform saw the request. */
  forwarded: boolean;
}

interface Held {
  res: ServerResponse;
  release: () => void;
}

export class PlatformProxy {
  readonly exchanges: Exchange[] = [];
  /** Requests answered 429 by the proxy's own limits, and by which ("app 1000/60000 ms"). */
  rejected = 0;
  readonly rejectedBy = new Map<string, number>();
  private server: Server | undefined;
  private mode: "open" | "requests" | "responses" = "open";
  private readonly held: Held[] = [];
  private readonly windows = new Map<string, number[]>();
  url = "";

  constructor(
    readonly flavor: Flavor,
    private readonly target: string,
    private readonly limits: SlidingLimit[] = [],
  ) {}

  /** Whether a request path is a message send (the only requests limited and frozen). */
  isSend(path: string): boolean {
    return this.flavor === "slack"
      ? path.endsWith("/chat.postMessage")
      : /\/open-apis\/im\/v1\/messages(\?|$)/.test(path);
  }

  /** Message sends the platform accepted (answered 200 to the client, or accepted and frozen). */
  acceptedSends(): Exchange[] {
    return this.exchanges.filter((e) => this.isSend(e.path) && e.forwarded && (e.status === 200 || e.status === null));
  }

  private freezeAt: { after: number; where: "requests" | "responses" } | null = null;

  /** From now on, hold message sends: before the platform sees them, or after it answered. */
  freeze(where: "requests" | "responses"): void {
    this.mode = where;
  }

  /** Freezes (as `freeze`) once `after` sends have been accepted. */
  freezeAfter(after: number, where: "requests" | "responses"): void {
    this.freezeAt = { after, where };
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Cuts every held exchange (the client sees its connection reset) and lets traffic through again. */
  dropHeld(): void {
    for (const h of this.held.splice(0)) h.res.destroy();
    this.mode = "open";
    this.freezeAt = null;
  }

  async waitForHeld(n: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.held.length < n) {
      if (Date.now() > deadline) throw new Error(`proxy: ${this.held.length} of ${n} sends held after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.dropHeld();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? "/";
    const send = req.method === "POST" && this.isSend(path);
    const exchange: Exchange = {
      path,
      chat: send ? this.chatOf(body, String(req.headers["content-type"] ?? "")) : null,
      status: null,
      forwarded: false,
    };
    this.exchanges.push(exchange);

    if (send) {
      if (this.freezeAt && this.acceptedSends().length >= this.freezeAt.after) {
        this.mode = this.freezeAt.where;
        this.freezeAt = null;
      }
      const limited = this.overLimit(exchange.chat);
      if (limited) {
        this.rejected++;
        const name = `${limited.limit.scope} ${limited.limit.limit}/${limited.limit.windowMs} ms`;
        this.rejectedBy.set(name, (this.rejectedBy.get(name) ?? 0) + 1);
        exchange.status = 429;
        this.answer429(res, limited);
        return;
      }
      if (this.mode === "requests") {
        await new Promise<void>((release) => this.held.push({ res, release }));
        return;
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
    let upstream: Response;
    try {
      upstream = await fetch(`${this.target}${path}`, {
        method: req.method ?? "GET",
        headers,
        ...(body.length ? { body } : {}),
      });
    } catch {
      res.destroy();
      return;
    }
    exchange.forwarded = true;
    const text = await upstream.text();
    if (send && this.mode === "responses") {
      // The platform has the message; Pacer will not hear about it.
      await new Promise<void>((release) => this.held.push({ res, release }));
      return;
    }
    exchange.status = upstream.status;
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (k !== "content-length" && k !== "transfer-encoding" && k !== "connection") out[k] = v;
    });
    res.writeHead(upstream.status, out).end(text);
  }

  private chatOf(body: Buffer, contentType: string): string | null {
    const raw = body.toString("utf8");
    if (contentType.includes("application/json")) {
      const parsed = JSON.parse(raw || "{}") as Record<string, unknown>;
      return String(parsed.channel ?? parsed.receive_id ?? "") || null;
    }
    return new URLSearchParams(raw).get("channel");
  }

  /** The limit a send now would break, and when it frees up (the send is counted when allowed). */
  private overLimit(chat: string | null): { limit: SlidingLimit; resetMs: number } | null {
    const now = Date.now();
    const keys = this.limits.map((l) => `${l.scope}:${l.windowMs}:${l.scope === "chat" ? chat : "app"}`);
    for (const [i, l] of this.limits.entries()) {
      const log = (this.windows.get(keys[i]!) ?? []).filter((t) => t > now - l.windowMs);
      this.windows.set(keys[i]!, log);
      if (log.length >= l.limit) return { limit: l, resetMs: log[log.length - l.limit]! + l.windowMs - now };
    }
    for (const key of keys) this.windows.get(key)!.push(now);
    return null;
  }

  private answer429(res: ServerResponse, { limit, resetMs }: { limit: SlidingLimit; resetMs: number }): void {
    // Both platforms answer in whole seconds: until the window lets a request through again.
    const seconds = Math.max(1, Math.ceil(resetMs / 1000));
    if (this.flavor === "slack") {
      res
        .writeHead(429, { "content-type": "application/json", "retry-after": String(seconds) })
        .end(JSON.stringify({ ok: false, error: "ratelimited" }));
    } else {
      const code = limit.scope === "chat" ? 230020 : 99991400;
      res
        .writeHead(limit.scope === "chat" ? 400 : 429, {
          "content-type": "application/json",
          "x-ogw-ratelimit-limit": String(limit.limit),
          "x-ogw-ratelimit-reset": String(seconds),
        })
        .end(JSON.stringify({ code, msg: "request trigger frequency limit" }));
    }
  }
}
