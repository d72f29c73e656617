// The golden service wired to a fake Slack and a fake Lark at once, for the end-to-end chat tests
// that follow one conversation across both platforms: the fakes with their directories, the service,
// and a signed way to post Slack events to it.
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/main.ts";
import { FakeLark, type LarkDirectoryUser } from "./fake-lark.ts";
import { type DirectoryUser, FakeSlack, slackSignature } from "./fake-slack.ts";
import { startGoldenService } from "./service.ts";

/** The service's settings for talking to these two fakes, Slack requests signed with `secret`. */
export function platformEnv(slack: FakeSlack, lark: FakeLark, secret: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.apiUrl,
    LARK_APP_ID: lark.appId,
    LARK_APP_SECRET: lark.appSecret,
    LARK_VERIFICATION_TOKEN: lark.verificationToken,
    LARK_ENCRYPT_KEY: lark.encryptKey,
    LARK_DOMAIN: lark.url,
  };
}

export interface BothPlatforms {
  service: Service;
  database: Database;
  slack: FakeSlack;
  lark: FakeLark;
  /** POSTs a body to the service's Slack endpoint, signed with the test's signing secret. */
  slackPost(body: string, contentType: string): Promise<Response>;
  /** A DM from `user` to the bot, as Slack's Events API delivers it (a fresh event id each time). */
  slackDm(user: string, text: string): Promise<Response>;
  stop(): Promise<void>;
}

export async function startOnBothPlatforms(options: {
  /** The Slack signing secret (each file its own, so no file can answer another's requests). */
  secret: string;
  /** Marks this file's event ids. */
  eventTag: string;
  slackUsers: DirectoryUser[];
  larkUsers: LarkDirectoryUser[];
}): Promise<BothPlatforms> {
  const slack = await new FakeSlack().start();
  slack.users(...options.slackUsers);
  const lark = await new FakeLark().start();
  lark.users(...options.larkUsers);
  const golden = await startGoldenService(platformEnv(slack, lark, options.secret));
  const { service, database } = golden;
  const run = Date.now().toString(36);
  let seq = 0;
  const slackPost = (body: string, contentType: string) =>
    fetch(`${service.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": contentType, ...slackSignature(body, options.secret) },
      body,
    });
  const slackDm = (user: string, text: string) => {
    seq += 1;
    const body = slack.dmEvent({ eventId: `Ev${options.eventTag}${run}${seq}`, user, text, seq });
    return slackPost(body, "application/json");
  };
  return {
    service,
    database,
    slack,
    lark,
    slackPost,
    slackDm,
    async stop() {
      await golden.stop();
      await slack.stop();
      await lark.stop();
    },
  };
}
