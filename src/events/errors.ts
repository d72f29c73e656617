// Platform failures, classified once so callers (chat replies, scheduled jobs) can act on them:
// a rate limit says how long to wait; other errors say whether retrying can help.
export type PlatformName = "slack" | "lark";

export class PlatformRateLimitError extends Error {
  constructor(
    readonly platform: PlatformName,
    /** How long the platform asked us to wait. */
    readonly retryAfterMs: number,
    readonly detail: string,
  ) {
    super(`${platform} rate limit: retry after ${Math.ceil(retryAfterMs / 1000)} s (${detail})`);
    this.name = "PlatformRateLimitError";
  }
}

export class PlatformError extends Error {
  constructor(
    readonly platform: PlatformName,
    /** The platform's own error code ("channel_not_found", 230002, …). */
    readonly code: string,
    /** Worth retrying later (network trouble, 5xx); not for bad requests or missing permissions. */
    readonly retryable: boolean,
    message: string,
  ) {
    super(`${platform} error ${code}: ${message}`);
    this.name = "PlatformError";
  }
}

const LARK_RATE_LIMIT_CODES = new Set([99991400, 230020]);

/** An error from the Lark SDK (axios error or a non-zero `code` in the answer) → typed error. */
export function classifyLarkError(error: unknown): PlatformRateLimitError | PlatformError {
  const e = error as {
    response?: {
      status?: number;
      headers?: Record<string, string | undefined>;
      data?: { code?: number; msg?: string };
    };
    code?: number | string;
    msg?: string;
    message?: string;
  };
  const status = e.response?.status;
  const code = e.response?.data?.code ?? (typeof e.code === "number" ? e.code : undefined);
  const msg = e.response?.data?.msg ?? e.msg ?? e.message ?? "unknown error";
  if (status === 429 || (code !== undefined && LARK_RATE_LIMIT_CODES.has(code))) {
    const reset = Number(e.response?.headers?.["x-ogw-ratelimit-reset"]);
    return new PlatformRateLimitError(
      "lark",
      Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000,
      `code ${code ?? status}: ${msg}`,
    );
  }
  const retryable = status === undefined || status >= 500;
  return new PlatformError("lark", String(code ?? status ?? "network"), retryable, msg);
}

/** An error from @slack/web-api → typed error. */
export function classifySlackError(error: unknown): PlatformRateLimitError | PlatformError {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (e.code === "slack_webapi_rate_limited_error")
    return new PlatformRateLimitError("slack", (e.retryAfter ?? 1) * 1000, "ratelimited");
  if (e.code === "slack_webapi_platform_error")
    return new PlatformError("slack", e.data?.error ?? "platform_error", false, e.message ?? "platform error");
  return new PlatformError("slack", e.code ?? "network", true, e.message ?? String(error));
}
