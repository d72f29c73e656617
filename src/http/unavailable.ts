// When the database is away or too slow, the API answers 503 with Retry-After — the client's
// request was fine and will work later — instead of a 500 or no answer at all.
import { PacerError } from "../errors.ts";
import { withTimeout } from "../timeout.ts";

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** The request ran past its deadline (Postgres stalled); the work may still finish in the background. */
export class DeadlineError extends PacerError {
  static override readonly code = "request.deadline";
  static override readonly userMessage = {
    "zh-CN": "数据库暂时无法应答，请稍后重试。",
    en: "The database cannot answer right now; try again shortly.",
  };
  constructor(readonly ms: number) {
    super(`the request did not finish within ${ms} ms`);
    this.name = "DeadlineError";
  }
}

// pg / node error codes and SQLSTATEs that mean "the database cannot answer now", not "bad request":
// network failures, admin shutdown / starting up, too many connections, statement timeout
// (57014, our statement_timeout), connection exceptions (class 08).
const NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "57014", "53300", "53400"]);
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /connection terminated/i,
  /not queryable/i,
  /cannot use a pool after calling end/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DeadlineError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (NODE_CODES.has(code) || SQLSTATES.has(code) || code.startsWith("08"))) return true;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  return MESSAGES.some((m) => m.test(error.message));
}

/**
 * Runs `work` but gives up after `ms` with a DeadlineError. The work is not cancelled (a stalled
 * query ends on its own query timeout); its late failure is swallowed so it cannot crash anything.
 */
export function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return withTimeout(work(), ms, () => new DeadlineError(ms));
}
