// Verifies and decrypts a Lark/Feishu webhook request ourselves, over the raw body. The SDK checks
// the signature only when an encrypt key is configured, hashes re-serialized JSON instead of the
// raw body, and has no freshness window — so we do not rely on it here.
//   signature = sha256_hex(timestamp + nonce + encrypt_key + raw_body)   (X-Lark-Signature)
//   body      = {"encrypt": base64(iv(16) ‖ AES-256-CBC(sha256(encrypt_key), iv, json))}
import { createDecipheriv, createHash, timingSafeEqual } from "node:crypto";

export interface LarkSecrets {
  encryptKey: string;
  verificationToken: string;
}

export type VerifyResult =
  | { ok: true; payload: Record<string, unknown> }
  /** 401: not provably from Lark; 400: from Lark (signed) but not an event we can read. */
  | { ok: false; status: 400 | 401; reason: string };

const WINDOW_SECONDS = 5 * 60;

export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash("sha256")
    .update(timestamp + nonce + encryptKey + rawBody, "utf8")
    .digest("hex");
}

export function decryptLark(encrypted: string, encryptKey: string): string {
  const key = createHash("sha256").update(encryptKey, "utf8").digest();
  const data = Buffer.from(encrypted, "base64");
  if (data.length < 32 || data.length % 16 !== 0) throw new Error("encrypted payload has a bad length");
  const decipher = createDecipheriv("aes-256-cbc", key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString("utf8");
}

/** The verification token an event carries: schema 2.0 in `header.token`, v1 and challenges in `token`. */
function tokenOf(payload: Record<string, unknown>): unknown {
  const header = payload.header as Record<string, unknown> | undefined;
  return header?.token ?? payload.token;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Decrypts the `{"encrypt": …}` body and checks the verification token inside; returns the payload.
 * Failures of a signed (or challenge) request's content are 400s: the sender proved nothing wrong.
 */
function decryptPayload(rawBody: string, secrets: LarkSecrets): VerifyResult {
  let envelope: unknown;
  try {
    envelope = JSON.parse(rawBody);
  } catch {
    return { ok: false, status: 400, reason: "body is not JSON" };
  }
  const encrypted = (envelope as { encrypt?: unknown } | null)?.encrypt;
  if (typeof encrypted !== "string")
    return { ok: false, status: 401, reason: "body is not encrypted although an encrypt key is set" };
  let payload: unknown;
  try {
    payload = JSON.parse(decryptLark(encrypted, secrets.encryptKey));
  } catch {
    return { ok: false, status: 401, reason: "cannot decrypt the body" };
  }
  // `null`, an array or a number decrypts fine but is no event.
  if (!payload || typeof payload !== "object" || Array.isArray(payload))
    return { ok: false, status: 400, reason: "the decrypted body is not a JSON object" };
  const token = tokenOf(payload as Record<string, unknown>);
  if (typeof token !== "string" || !sameString(token, secrets.verificationToken))
    return { ok: false, status: 401, reason: "wrong verification token" };
  return { ok: true, payload: payload as Record<string, unknown> };
}

/**
 * Checks freshness (5 minutes either way), the signature over the raw body, that the body is
 * encrypted, and the verification token; returns the decrypted payload. `nowSeconds` is the real
 * clock (never the business clock).
 *
 * One exception, as Feishu sends it: the `url_verification` challenge (when the URL is saved in
 * the developer console) comes WITHOUT signature headers — the official SDKs answer it before any
 * signature check. It is accepted unsigned only once it decrypts with the encrypt key and carries
 * the verification token; nothing else is accepted unsigned.
 */
export function verifyLarkRequest(
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
  secrets: LarkSecrets,
  nowSeconds = Math.floor(Date.now() / 1000),
): VerifyResult {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = header("x-lark-request-timestamp");
  const nonce = header("x-lark-request-nonce");
  const signature = header("x-lark-signature");
  if (!timestamp && !nonce && !signature) {
    const unsigned = decryptPayload(rawBody, secrets);
    if (unsigned.ok && unsigned.payload.type === "url_verification") return unsigned;
    return { ok: false, status: 401, reason: "missing signature headers" };
  }
  if (!timestamp || !nonce || !signature) return { ok: false, status: 401, reason: "missing signature headers" };
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowSeconds - ts) > WINDOW_SECONDS)
    return { ok: false, status: 401, reason: "stale or future timestamp" };
  if (!sameString(larkSignature(timestamp, nonce, secrets.encryptKey, rawBody), signature.toLowerCase()))
    return { ok: false, status: 401, reason: "bad signature" };
  return decryptPayload(rawBody, secrets);
}
