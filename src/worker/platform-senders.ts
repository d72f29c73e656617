// The proactive senders of the platforms this deployment is configured for. Lark's is loaded only
// when Lark is on, so a Slack-only deployment never loads the Lark SDK.
import { larkEnabled, slackEnabled, type Env } from "../config/env.ts";
import type { PlatformName } from "../platform.ts";
import type { ProactiveSender } from "./proactive-sender.ts";

export type Senders = Partial<Record<PlatformName, ProactiveSender>>;

export async function createSenders(env: Env): Promise<Senders> {
  const senders: Senders = {};
  if (slackEnabled(env)) {
    const { createSlackSender } = await import("../slack/sender.ts");
    senders.slack = createSlackSender({
      token: env.SLACK_BOT_TOKEN!,
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    });
  }
  if (larkEnabled(env)) {
    const [{ createLarkSender }, { createLarkClient }] = await Promise.all([
      import("../lark/sender.ts"),
      import("../lark/client.ts"),
    ]);
    senders.lark = createLarkSender(
      createLarkClient({
        appId: env.LARK_APP_ID!,
        appSecret: env.LARK_APP_SECRET!,
        ...(env.LARK_DOMAIN ? { domain: env.LARK_DOMAIN } : {}),
      }),
    );
  }
  return senders;
}

export function enabledPlatforms(senders: Senders): PlatformName[] {
  return (["lark", "slack"] as const).filter((p) => senders[p] !== undefined);
}
