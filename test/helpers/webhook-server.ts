// A webhook consumer on 127.0.0.1 for tests: checks every request's v0 signature with the shared
// secret, answers from a script of statuses (then 200), and records what it received.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "../../src/outbound/webhook.ts";

export interface ReceivedWebhook {
  idempotencyKey: string | undefined;
  timestamp: number;
  signatureValid: boolean;
  body: any;
  answered: number;
}

export interface WebhookServer {
  url: string;
  secret: string;
  received: ReceivedWebhook[];
  /** Statuses to answer next, in order; 200 once they are used up. */
  script: number[];
  close(): Promise<void>;
}

export async function startWebhookServer(secret = "test-webhook-secret-0123456789"): Promise<WebhookServer> {
  const received: ReceivedWebhook[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const timestamp = Number(req.headers["x-pacer-request-timestamp"]);
      const signature = String(req.headers["x-pacer-signature"] ?? "");
      const signatureValid = verifyWebhookSignature(secret, timestamp, raw, signature);
      const status = signatureValid ? (script.shift() ?? 200) : 401;
      received.push({
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
        timestamp,
        signatureValid,
        body: JSON.parse(raw),
        answered: status,
      });
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ ok: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/remind`,
    secret,
    received,
    script,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
