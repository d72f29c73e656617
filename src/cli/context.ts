// What every CLI command needs, created lazily so `--help` works without a database. `db()` is
// Prisma Client, for the admin commands that do plain CRUD (src/db/client.ts says where it serves).
import { PacerError } from "../errors.ts";
import { LOCAL_DATABASE_URL } from "../config/defaults.ts";
import { createDb, type Db } from "../db/client.ts";

export interface CliContext {
  /** DATABASE_URL, else the local docker-compose Postgres (LOCAL_DATABASE_URL). */
  databaseUrl(): string;
  db(): Db;
  close(): Promise<void>;
  /** The business clock: PACER_NOW when set (demos, tests), else the real time. */
  now(): Date;
  /** Prints lines to standard output. */
  out(...lines: string[]): void;
  err(text: string): void;
}

export function createCliContext(env: Record<string, string | undefined> = process.env): CliContext {
  let db: Db | undefined;
  // The same default as `npm run demo`, so the commands it suggests work on its database as printed.
  const databaseUrl = () => env.DATABASE_URL || LOCAL_DATABASE_URL;
  return {
    databaseUrl,
    db() {
      db ??= createDb(databaseUrl());
      return db;
    },
    async close() {
      await db?.$disconnect();
    },
    now() {
      const fixed = env.PACER_NOW;
      if (!fixed) return new Date();
      const d = new Date(fixed);
      if (Number.isNaN(d.getTime())) throw new CliError(`PACER_NOW is not an ISO 8601 instant: ${fixed}`);
      return d;
    },
    out: (...lines) => void process.stdout.write(lines.map((t) => (t.endsWith("\n") ? t : `${t}\n`)).join("")),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  };
}

/** An error whose message is meant for the person at the terminal; exits with `exitCode`. */
export class CliError extends PacerError {
  static override readonly code = "cli.failed";
  static override readonly userMessage = { "zh-CN": "命令执行失败。", en: "The command failed." };
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}
