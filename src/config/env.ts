// Every environment variable (README "Running in production"), parsed once at start-up. A bad or missing
// value stops start-up with one message listing every problem (ConfigError).
import { PacerError } from "../errors.ts";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .min(1, "is required")
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`,
    );

const isoInstant = z
  .string()
  .trim()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
    {
      message: "must be an ISO 8601 instant with an offset, e.g. 2026-10-15T09:00:00+08:00",
    },
  )
  .transform((v) => new Date(v));

export const envSchema = z
  .object({
    DATABASE_URL: url(["postgres:", "postgresql:"]),
    REDIS_URL: url(["redis:", "rediss:"]),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SLACK_BOT_TOKEN: optionalString,
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString,
    SLACK_API_URL: optionalString.pipe(url(["http:", "https:"]).optional()),
    LARK_APP_ID: optionalString,
    LARK_APP_SECRET: optionalString,
    LARK_VERIFICATION_TOKEN: optionalString,
    LARK_ENCRYPT_KEY: optionalString,
    LARK_DOMAIN: optionalString.refine(
      (v) => v === undefined || v === "feishu" || v === "lark" || /^https?:\/\//.test(v),
      "must be feishu, lark or a base URL (http://… or https://…)",
    ),
    LARK_MODE: z.enum(["webhook", "ws"]).default("webhook"),
    PACER_NOW: optionalString.pipe(isoInstant.optional()),
    /** Statement timeout of the service's (API) database work, ms. */
    PACER_DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    /** Longest an API request may take before it is answered 503, ms. */
    PACER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    /** How long start-up waits for Postgres and Redis before it gives up with a one-line reason, ms. */
    PACER_STARTUP_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  })
  .superRefine((env, ctx) => {
    // A platform whose variables are all absent is off; one that is half-configured is an error.
    const slack = [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN];
    if (slack.some(Boolean)) {
      if (!env.SLACK_BOT_TOKEN)
        ctx.addIssue({ code: "custom", path: ["SLACK_BOT_TOKEN"], message: "is required when Slack is configured" });
      if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)
        ctx.addIssue({
          code: "custom",
          path: ["SLACK_SIGNING_SECRET"],
          message: "is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)",
        });
    }
    const lark = [env.LARK_APP_ID, env.LARK_APP_SECRET, env.LARK_VERIFICATION_TOKEN, env.LARK_ENCRYPT_KEY];
    if (lark.some(Boolean)) {
      for (const key of ["LARK_APP_ID", "LARK_APP_SECRET"] as const)
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when Lark is configured" });
      if (env.LARK_MODE === "webhook") {
        // Without an encrypt key Lark does not sign its requests, so we could not verify them.
        for (const key of ["LARK_ENCRYPT_KEY", "LARK_VERIFICATION_TOKEN"] as const)
          if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required for Lark webhook mode" });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends PacerError {
  static override readonly code = "config.invalid";
  static override readonly userMessage = {
    "zh-CN": "配置无效：请检查环境变量。",
    en: "The configuration is invalid: check the environment variables.",
  };
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws one ConfigError naming every missing or malformed variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const message = issue.code === "invalid_type" && source[name] === undefined ? "is required" : issue.message;
    return `${name} ${message}`;
  });
  throw new ConfigError(problems);
}

export function slackEnabled(env: Env): boolean {
  return Boolean(env.SLACK_BOT_TOKEN);
}

export function larkEnabled(env: Env): boolean {
  return Boolean(env.LARK_APP_ID);
}
