// Start-up waits for its dependencies: Postgres and Redis are treated the same way. Until both
// answer, the service does not listen (so it is never "ready" without them); each is retried
// once a second for PACER_STARTUP_TIMEOUT_MS, then start-up stops with one line naming what is
// unreachable and why — never a stack — and the process exits 69 (EX_UNAVAILABLE), for the
// supervisor (systemd, Docker, Kubernetes) to restart it. See docs/RELIABILITY.md.
import { PacerError } from "../errors.ts";
import { withTimeout } from "../timeout.ts";

export class StartupError extends PacerError {
  static override readonly code = "startup.unavailable";
  static override readonly userMessage = {
    "zh-CN": "服务无法启动：依赖的数据库、Redis 或聊天平台连接不可用。",
    en: "The service cannot start: Postgres, Redis or the chat platform connection is unreachable.",
  };
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export const EX_UNAVAILABLE = 69;

export interface Dependency {
  name: "Postgres" | "Redis";
  probe(): Promise<unknown>;
}

/** A driver error reduced to its reason: no URL, password or stack. */
export function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown[]; original?: unknown; cause?: unknown };
  if (Array.isArray(e?.errors) && e.errors.length) return reasonOf(e.errors[0]);
  // The Slack SDK wraps the socket error (WebAPIRequestError.original).
  if (e?.original) return reasonOf(e.original);
  const code = typeof e?.code === "string" ? e.code : null;
  const names: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host not found",
    ETIMEDOUT: "connection timed out",
    ECONNRESET: "connection reset",
    EHOSTUNREACH: "host unreachable",
    "28P01": "password authentication failed",
    "28000": "authentication refused",
    "3D000": "database does not exist",
  };
  if (code && names[code]) return names[code]!;
  // fetch's "fetch failed" says nothing; its cause is the socket error.
  if (e?.cause) return reasonOf(e.cause);
  const message = typeof e?.message === "string" ? e.message.split("\n")[0]! : String(error);
  // Never echo a URL (it may carry a password).
  return message.replace(/\b[a-z]+:\/\/\S+/gi, "<url>").slice(0, 200);
}

async function probeOnce(dep: Dependency, timeoutMs: number): Promise<string | null> {
  try {
    await withTimeout(dep.probe(), timeoutMs, () => new Error("no answer"));
    return null;
  } catch (error) {
    return reasonOf(error);
  }
}

/** Resolves once every dependency answers; throws a one-line StartupError after `timeoutMs`. */
export async function waitForDependencies(
  deps: Dependency[],
  options: { timeoutMs: number; intervalMs?: number; onRetry?: (name: string, reason: string) => void },
): Promise<void> {
  const started = Date.now();
  const interval = options.intervalMs ?? 1000;
  let pending = deps;
  for (;;) {
    const results = await Promise.all(
      pending.map(async (d) => [d, await probeOnce(d, Math.max(interval, 1000))] as const),
    );
    const failing = results.filter(([, reason]) => reason !== null);
    if (failing.length === 0) return;
    pending = failing.map(([d]) => d);
    if (Date.now() - started + interval > options.timeoutMs) {
      const what = failing.map(([d, reason]) => `${d.name} is unreachable (${reason})`).join("; ");
      throw new StartupError(
        `pacer: cannot start: ${what}; gave up after ${Math.round((Date.now() - started) / 1000)} s`,
      );
    }
    for (const [d, reason] of failing) options.onRetry?.(d.name, reason!);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * A platform connection opened at start-up (Slack's auth.test and Socket Mode): retried like the
 * dependencies above until `timeoutMs`, each attempt cut off by the deadline, then one line.
 */
export async function startWithRetry(
  name: string,
  start: () => Promise<unknown>,
  options: { timeoutMs: number; intervalMs?: number; onRetry?: (name: string, reason: string) => void },
): Promise<void> {
  const started = Date.now();
  const interval = options.intervalMs ?? 1000;
  for (;;) {
    const remaining = options.timeoutMs - (Date.now() - started);
    let reason: string;
    try {
      await withTimeout(start(), Math.max(remaining, 1000), () => new Error("no answer"));
      return;
    } catch (error) {
      reason = reasonOf(error);
    }
    if (Date.now() - started + interval > options.timeoutMs)
      throw new StartupError(
        `pacer: cannot start: ${name} is unreachable (${reason}); gave up after ${Math.round((Date.now() - started) / 1000)} s`,
      );
    options.onRetry?.(name, reason);
    await new Promise((r) => setTimeout(r, interval));
  }
}
