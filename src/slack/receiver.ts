// A Bolt receiver mounted on our one HTTP server (POST /slack/events): verifies Slack's signature
// over the raw body (with Bolt's own verifier: 5-minute window, constant-time compare), answers
// url_verification, and hands everything else to Bolt. The HTTP response is sent the moment a
// listener acks — the work after the ack does not hold it (Slack's 3-second limit). Bolt acks an
// Events API event itself before any listener runs; here that ack waits for the listeners (they
// only record the event in the inbound queue) and becomes a 5xx when they fail: an event is
// acknowledged only once it is recorded, else Slack retries it.
import { URLSearchParams } from "node:url";
import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Logger } from "../log.ts";

const FIVE_MINUTES = 5 * 60;
/**
 * The most a request from Slack can be (a view submission with large inputs stays far below): the
 * body is read whole before its signature can be checked, so anyone may send it — 413 beyond.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

export interface FastifyReceiverOptions {
  signingSecret: string;
  log: Logger;
  /** Respond anyway after this long without an ack (a listener that forgot to ack). */
  ackTimeoutMs?: number;
}

export class FastifyReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly options: FastifyReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  // The HTTP server is ours; Bolt does not start or stop it.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  register(server: FastifyInstance, path = "/slack/events"): void {
    server.post(path, { bodyLimit: SLACK_BODY_LIMIT }, async (request, reply) => {
      const raw = typeof request.body === "string" ? request.body : "";
      // Bolt's verifier only refuses old timestamps; one from the future is just as replayable.
      const ts = Number(request.headers["x-slack-request-timestamp"] ?? 0);
      if (!Number.isFinite(ts) || ts > Date.now() / 1000 + FIVE_MINUTES) {
        request.log.warn({ ts }, "slack request rejected: timestamp in the future");
        return reply.code(401).send({ error: "invalid_signature" });
      }
      try {
        verifySlackRequest({
          signingSecret: this.options.signingSecret,
          body: raw,
          headers: {
            "x-slack-signature": String(request.headers["x-slack-signature"] ?? ""),
            "x-slack-request-timestamp": Number(request.headers["x-slack-request-timestamp"] ?? 0),
          },
        });
      } catch (error) {
        request.log.warn({ reason: (error as Error).message }, "slack request rejected");
        return reply.code(401).send({ error: "invalid_signature" });
      }
      const body = parseSlackBody(raw, String(request.headers["content-type"] ?? ""));
      if (!body) return reply.code(400).send({ error: "malformed_body" });
      if (body.ssl_check) return reply.code(200).send("");
      if (body.type === "url_verification") return reply.code(200).send({ challenge: body.challenge });
      return this.dispatch(body, request.headers, reply);
    });
  }

  private dispatch(
    body: Record<string, unknown>,
    headers: Record<string, unknown>,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    return new Promise((resolve) => {
      let acked = false;
      const send = (status: number, payload: unknown) => {
        if (acked) return;
        acked = true;
        clearTimeout(timer);
        if (payload === undefined || payload === "") resolve(reply.code(status).send(""));
        else
          resolve(
            reply
              .code(status)
              .header("content-type", typeof payload === "string" ? "text/plain" : "application/json")
              .send(payload),
          );
      };
      const isEvent = body.type === "event_callback";
      const timer = setTimeout(() => {
        if (isEvent) {
          this.options.log.warn("slack event not recorded in time; answering 503 so Slack retries");
          send(503, "");
          return;
        }
        this.options.log.warn("slack request not acknowledged in time; answering 200 anyway");
        send(200, "");
      }, this.options.ackTimeoutMs ?? 2500);
      const retryNum = headers["x-slack-retry-num"];
      const event: ReceiverEvent = {
        body,
        // Events: Bolt's own early ack is not the answer; the listeners' outcome is (below).
        ack: async (response?: unknown) => (isEvent ? undefined : send(200, response)),
        ...(retryNum !== undefined
          ? { retryNum: Number(retryNum), retryReason: String(headers["x-slack-retry-reason"] ?? "") }
          : {}),
      };
      if (!this.app) {
        send(503, { error: "not_ready" });
        return;
      }
      this.app.processEvent(event).then(
        // An event: recorded (or not ours). Anything else no listener acked: nothing here handles it.
        () => send(isEvent ? 200 : 404, ""),
        (error: unknown) => {
          this.options.log.error({ err: error }, "slack listener failed");
          send(500, "");
        },
      );
    });
  }
}

/** Events arrive as JSON; slash commands as form fields; interactivity as a form field `payload`. */
export function parseSlackBody(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.includes("application/x-www-form-urlencoded")) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      return typeof form.payload === "string" ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
    }
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
