// Both chat endpoints under generated hostile input, signed and unsigned: whatever arrives, the
// answer is a 2xx or a 4xx, never a 5xx and never a hang. Unsigned or forged requests are refused
// before anything is parsed. Runs are few and seeded so CI is reproducible and fast.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformEnv } from "../helpers/both-platforms.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.ts";
import { envelope, larkRequest } from "../helpers/lark-crypto.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";

const SECRET = "property-signing-secret";
const SEED = 4242;

let slack: FakeSlack;
let lark: FakeLark;
let golden: GoldenService;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  lark = await new FakeLark().start();
  golden = await startGoldenService({
    ...platformEnv(slack, lark, SECRET),
    LARK_MODE: "webhook",
  });
}, 60_000);

afterAll(async () => {
  await golden?.stop();
  await slack?.stop();
  await lark?.stop();
});

/** Strings a hostile or broken client may send: control characters, lone surrogates, huge, odd unicode. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom("\u0000", "\ud800", "\udfff", "%00", "__proto__", "constructor", "null", "[]", "{}", "💥".repeat(50)),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.nat({ max: 200_000 }).map((n) => "x".repeat(n)),
);

/** Any JSON value, including deep nesting, nulls where objects are expected and wrong types. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(null, 0, -1, true, "", [], {}),
  fc.integer({ min: 1, max: 800 }).map((depth) => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown),
);

/** A Slack-shaped body with fields replaced by hostile values. */
const slackShaped = fc.record({
  kind: fc.constantFrom("event", "command", "action", "raw"),
  text: nasty,
  value: anyJson,
  user: nasty,
});

function slackBody(s: { kind: string; text: string; value: unknown; user: string }): {
  body: string;
  type: string;
} {
  switch (s.kind) {
    case "event":
      return {
        type: "application/json",
        body: JSON.stringify({
          type: "event_callback",
          team_id: s.user,
          event_id: `Ev${s.text.slice(0, 20)}`,
          event: { type: "message", channel_type: "im", channel: s.user, user: s.user, text: s.text, ts: s.value },
        }),
      };
    case "command":
      return {
        type: "application/x-www-form-urlencoded",
        body: new URLSearchParams({
          command: "/kpi",
          text: s.text,
          user_id: s.user,
          team_id: "T0",
          channel_id: s.user,
          response_url: "http://127.0.0.1:1/response",
          trigger_id: s.text.slice(0, 30),
        }).toString(),
      };
    case "action":
      return {
        type: "application/x-www-form-urlencoded",
        body: new URLSearchParams({
          payload: JSON.stringify({
            type: "block_actions",
            user: { id: s.user },
            team: { id: "T0" },
            actions: [{ action_id: s.text, value: JSON.stringify(s.value) }],
            channel: { id: s.user },
            trigger_id: "t",
          }),
        }).toString(),
      };
    default:
      return { type: "application/json", body: s.text };
  }
}

async function send(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(15_000) });
  await res.arrayBuffer();
  return res.status;
}

describe("chat endpoints under hostile input", () => {
  it("Slack: signed or not, any body is answered 2xx or 4xx, and unsigned bodies are refused", async () => {
    const url = `${golden.service.url}/slack/events`;
    await fc.assert(
      fc.asyncProperty(slackShaped, fc.boolean(), async (shape, signed) => {
        const { body, type } = slackBody(shape);
        const headers = { "content-type": type, ...(signed ? slackSignature(body, SECRET) : {}) };
        const status = await send(url, body, headers);
        expect(status, `status ${status} for ${body.slice(0, 200)}`).toBeLessThan(500);
        if (!signed) expect(status).toBeGreaterThanOrEqual(400);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("Lark: encrypted and signed, any decrypted payload is answered 2xx or 4xx; forged ones are refused", async () => {
    const url = `${golden.service.url}/lark/events`;
    const app = { appId: lark.appId, verificationToken: lark.verificationToken, tenantKey: lark.tenantKey };
    const payload = fc.oneof(
      anyJson,
      fc.record({ event: anyJson, header: anyJson }),
      fc.record({ text: nasty }).map((r) => envelope(app, "im.message.receive_v1", { message: r.text } as never)),
      fc.record({ token: nasty }).map((r) => ({ type: "url_verification", challenge: r.token, token: r.token })),
    );
    await fc.assert(
      fc.asyncProperty(payload, fc.constantFrom("signed", "forged", "plain"), async (p, how) => {
        const request =
          how === "signed"
            ? larkRequest(p, { encryptKey: lark.encryptKey })
            : how === "forged"
              ? larkRequest(p, { encryptKey: lark.encryptKey, signature: "0".repeat(64) })
              : { body: JSON.stringify(p) ?? "null", headers: { "content-type": "application/json" } };
        const status = await send(url, request.body, request.headers);
        expect(status, `status ${status} for ${String(request.body).slice(0, 200)}`).toBeLessThan(500);
        if (how === "forged") expect(status).toBeGreaterThanOrEqual(400);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
