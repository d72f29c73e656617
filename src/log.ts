// Structured JSON logs (pino): one line per event, with the request id where there is one.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level = "info"): Logger {
  return pino({ level, base: { service: "pacer" }, timestamp: pino.stdTimeFunctions.isoTime });
}
