// Feishu/Lark Open API failures → typed errors with stable reasons (src/events/errors.ts). One
// function, any thrown value or non-zero answer in, so every Lark call classifies the same way.
// Codes: open.feishu.cn server-side error codes and im/v1 message error codes.
import { PlatformError, PlatformRateLimitError, type PlatformErrorReason } from "../events/errors.ts";

const RATE_LIMIT_CODES = new Set([99991400, 230020]);

const REASONS: ReadonlyMap<number, Exclude<PlatformErrorReason, "rate_limited" | "transient" | "rejected">> = new Map([
  // The bot is not in the chat / the chat is gone.
  [230002, "not_in_channel"],
  [230006, "not_in_channel"],
  // The user is outside the bot's availability range, or resigned.
  [230013, "cannot_dm"],
  [230017, "cannot_dm"],
  // Access tokens and app credentials.
  [99991661, "invalid_auth"],
  [99991663, "invalid_auth"],
  [99991664, "invalid_auth"],
  [99991668, "invalid_auth"],
  [99991672, "invalid_auth"],
  [10003, "invalid_auth"],
  [10014, "invalid_auth"],
  // Message content over the size limit.
  [230025, "too_large"],
]);

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
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    const reset = Number(e.response?.headers?.["x-ogw-ratelimit-reset"]);
    return new PlatformRateLimitError(
      "lark",
      Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000,
      `code ${code ?? status}: ${msg}`,
    );
  }
  const id = String(code ?? status ?? "network");
  const known = code !== undefined ? REASONS.get(code) : undefined;
  if (known) return new PlatformError("lark", id, false, msg, known);
  if (status === 413) return new PlatformError("lark", id, false, msg, "too_large");
  if (status === 401) return new PlatformError("lark", id, false, msg, "invalid_auth");
  // No HTTP status: the network failed, or the SDK resolved a non-zero code (kept retryable, as before).
  const retryable = status === undefined || status >= 500;
  return new PlatformError("lark", id, retryable, msg);
}
