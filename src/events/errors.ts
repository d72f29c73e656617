// Platform failures as typed errors, shared by every caller (chat replies, scheduled jobs): a rate
// limit says how long to wait; every other error carries a stable `reason` the caller can act on,
// the platform's own code, and whether retrying can help. Each platform's classifier lives with
// its adapter: src/slack/errors.ts, src/lark/errors.ts.
import { PacerError, type UserMessage } from "../errors.ts";
import type { PlatformName } from "../platform.ts";

export type { PlatformName } from "../platform.ts";

/**
 * Why a platform call failed, the same words for every platform:
 * - rate_limited: wait `retryAfterMs` (PlatformRateLimitError);
 * - not_in_channel: the bot is not a member of that channel / group chat;
 * - cannot_dm: the user cannot be messaged by the bot (unknown, deactivated, outside its reach);
 * - invalid_auth: the bot's credentials or permissions are wrong — an admin must act;
 * - too_large: the message is over the platform's size limit;
 * - transient: network trouble or a 5xx; retrying later can help;
 * - rejected: any other refusal of the request (retrying will not help).
 */
export type PlatformErrorReason =
  | "rate_limited"
  | "not_in_channel"
  | "cannot_dm"
  | "invalid_auth"
  | "too_large"
  | "transient"
  | "rejected";

const REASON_MESSAGES: Readonly<Record<Exclude<PlatformErrorReason, "rate_limited">, UserMessage>> = {
  not_in_channel: {
    "zh-CN": "机器人不在这个群聊或频道里，请先把它加进来。",
    en: "The bot is not in that channel; add it first.",
  },
  cannot_dm: { "zh-CN": "机器人无法给这位用户发私信。", en: "The bot cannot send this person a direct message." },
  invalid_auth: {
    "zh-CN": "机器人的凭证或权限有误，需要管理员处理。",
    en: "The bot's credentials or permissions are wrong; an admin must act.",
  },
  too_large: { "zh-CN": "消息超出了平台的长度限制。", en: "The message is over the platform's size limit." },
  transient: {
    "zh-CN": "聊天平台暂时不可用，稍后会重试。",
    en: "The chat platform is unavailable for now; retrying later.",
  },
  rejected: { "zh-CN": "聊天平台拒绝了这次请求。", en: "The chat platform refused the request." },
};

export class PlatformRateLimitError extends PacerError {
  static override readonly code = "platform.rate_limited";
  static override readonly userMessage = {
    "zh-CN": "聊天平台限流，稍后会自动重试。",
    en: "The chat platform is rate limiting us; trying again shortly.",
  };
  readonly reason = "rate_limited" as const;
  readonly retryable = true;
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

export class PlatformError extends PacerError {
  static override readonly code = "platform.failed";
  static override readonly userMessage = {
    "zh-CN": "聊天平台拒绝了这次请求。",
    en: "The chat platform refused the request.",
  };
  readonly reason: Exclude<PlatformErrorReason, "rate_limited">;
  constructor(
    readonly platform: PlatformName,
    /** The platform's own error code ("channel_not_found", 230002, …). */
    readonly code: string,
    /** Worth retrying later (network trouble, 5xx); not for bad requests or missing permissions. */
    readonly retryable: boolean,
    message: string,
    reason?: Exclude<PlatformErrorReason, "rate_limited">,
  ) {
    super(`${platform} error ${code}: ${message}`);
    this.name = "PlatformError";
    this.reason = reason ?? (retryable ? "transient" : "rejected");
  }

  override get userMessage(): UserMessage {
    return REASON_MESSAGES[this.reason];
  }
}
