// Structured JSON logs (pino): one line per event, with the request id where there is one.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level = "info", destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { service: "pacer" }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}
