// Slack Web API failures → typed errors with stable reasons (src/events/errors.ts). Simple on
// purpose — one function, any thrown value in — so every Slack caller (the chat adapter, the
// proactive sender) classifies the same way. Error names: api.slack.com/methods/chat.postMessage
// and chat.postEphemeral ("Errors"), and @slack/web-api's error codes.
import { PlatformError, PlatformRateLimitError, type PlatformErrorReason } from "../events/errors.ts";

const REASONS: Readonly<Record<string, Exclude<PlatformErrorReason, "rate_limited" | "transient" | "rejected">>> = {
  not_in_channel: "not_in_channel",
  channel_not_found: "not_in_channel",
  is_archived: "not_in_channel",
  user_not_in_channel: "not_in_channel",
  cannot_dm_bot: "cannot_dm",
  user_not_found: "cannot_dm",
  user_disabled: "cannot_dm",
  messages_tab_disabled: "cannot_dm",
  invalid_auth: "invalid_auth",
  not_authed: "invalid_auth",
  account_inactive: "invalid_auth",
  token_revoked: "invalid_auth",
  token_expired: "invalid_auth",
  missing_scope: "invalid_auth",
  not_allowed_token_type: "invalid_auth",
  msg_too_long: "too_large",
  msg_blocks_too_long: "too_large",
  too_many_attachments: "too_large",
};

const TRANSIENT_PLATFORM = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/** An error from @slack/web-api (or an `ok: false` answer's error name) → typed error. */
export function classifySlackError(error: unknown): PlatformRateLimitError | PlatformError {
  const e = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message?: string;
  };
  if (e.code === "slack_webapi_rate_limited_error")
    return new PlatformRateLimitError("slack", (e.retryAfter ?? 1) * 1000, "ratelimited");
  if (e.code === "slack_webapi_platform_error") {
    const name = e.data?.error ?? "platform_error";
    if (name === "ratelimited") return new PlatformRateLimitError("slack", 1000, name);
    if (TRANSIENT_PLATFORM.has(name)) return new PlatformError("slack", name, true, e.message ?? name, "transient");
    return new PlatformError("slack", name, false, e.message ?? "platform error", REASONS[name] ?? "rejected");
  }
  // Bolt's `respond` (a response_url) fails with the HTTP status alone, like the client's HTTP errors.
  if (e.code === "slack_webapi_http_error" || e.code === "slack_bolt_respond_error") {
    const status = e.statusCode ?? 0;
    if (status === 413) return new PlatformError("slack", "http_413", false, e.message ?? "too large", "too_large");
    if (status === 401 || status === 403)
      return new PlatformError("slack", `http_${status}`, false, e.message ?? "unauthorized", "invalid_auth");
    const retryable = status === 0 || status >= 500;
    return new PlatformError("slack", `http_${status}`, retryable, e.message ?? "http error");
  }
  // Request errors (network, timeouts) and anything unknown: worth another try later.
  return new PlatformError("slack", e.code ?? "network", true, e.message ?? String(error), "transient");
}
