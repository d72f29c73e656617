// The one error hierarchy: every error Pacer throws on purpose extends PacerError. Each class states
// a stable code (logs, API bodies and tests match on it; never reworded), what to tell the person in
// both languages, and — for errors an API call can surface — the HTTP status to answer with.
// Deliberately free of imports: the domain core (src/kpi, src/calendar, src/recruit rules) may
// import this file and nothing else outside itself (test/architecture.test.ts).

export type ErrorLocale = "zh-CN" | "en";
export type UserMessage = Readonly<Record<ErrorLocale, string>>;

/** The static side every error class fills in; test/errors.test.ts checks each declares its own. */
export interface PacerErrorClass {
  /** Dotted and stable, "<area>.<what>" — e.g. "ingest.invalid_rows". Unique per class. */
  readonly code: string;
  /** Generic text for the person; instances that know more override `userMessage`. */
  readonly userMessage: UserMessage;
  /** For errors an HTTP caller can cause: the 4xx to answer with. */
  readonly httpStatus?: number;
}

export abstract class PacerError extends Error {
  static readonly code: string = "pacer.error";
  static readonly userMessage: UserMessage = {
    "zh-CN": "出了点问题，请稍后再试。",
    en: "Something went wrong; please try again later.",
  };
  static readonly httpStatus: number | undefined = undefined;

  /**
   * The class's stable code. (Named `errorCode` because some classes already use `code` for a finer
   * code of their own: the KPI/recruit message catalog's key, or the chat platform's raw error code.)
   */
  get errorCode(): string {
    return (this.constructor as unknown as PacerErrorClass).code;
  }

  get httpStatus(): number | undefined {
    return (this.constructor as unknown as PacerErrorClass).httpStatus;
  }

  /** What to tell the person, in both languages. */
  get userMessage(): UserMessage {
    return (this.constructor as unknown as PacerErrorClass).userMessage;
  }
}
