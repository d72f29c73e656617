// Slack side of proactive messages: chat.postMessage to the user id (Slack opens the DM; no
// conversations.open per person), with the Web API client's own retries off — a retry after a
// timeout could post twice; the job queue retries instead, under the deliveries check.
import { WebClient } from "@slack/web-api";
import type { Card, Locale } from "../../cards/model.ts";
import { classifySlackError } from "./errors.ts";
import type { ProactiveSender, Recipient, SentMessage } from "../worker/proactive-sender.ts";
import { renderSlackMessage } from "./render.ts";
import { shareFiles } from "./files.ts";
import type { FileMessage } from "../outgoing-file.ts";

export function createSlackSender(options: { token: string; apiUrl?: string }): ProactiveSender {
  const client = new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/` } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  return {
    platform: "slack",
    async send(to: Recipient, card: Card, locale: Locale): Promise<SentMessage> {
      try {
        const res = await client.chat.postMessage({ channel: to.address, ...renderSlackMessage(card, locale) });
        return { messageId: `${res.channel ?? to.address}:${res.ts ?? ""}` };
      } catch (error) {
        throw classifySlackError(error);
      }
    },
    async sendFile(to: Recipient, message: FileMessage, locale: Locale): Promise<SentMessage> {
      const target =
        to.kind === "user"
          ? { kind: "user" as const, user: to.address }
          : { kind: "channel" as const, channel: to.address };
      return { messageId: await shareFiles(client, target, message, locale) };
    },
    async lookupByEmail(email: string): Promise<string | null> {
      try {
        const res = await client.users.lookupByEmail({ email });
        return res.user?.id ?? null;
      } catch (error) {
        const typed = classifySlackError(error);
        if (typed.name === "PlatformError" && (typed as { code?: string }).code === "users_not_found") return null;
        throw typed;
      }
    },
  };
}
