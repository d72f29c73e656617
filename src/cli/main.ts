// The `pacer` command line. Each command lives in its own module under ./commands and registers
// itself on the program; this file only wires them and maps errors to exit codes.
import { Command, CommanderError } from "commander";
import { createCliContext, CliError } from "./context.ts";
import { commands } from "./commands/index.ts";

export async function runCli(argv: string[], ctx = createCliContext()): Promise<number> {
  const program = new Command("pacer")
    .description("Pacer — KPI answers for sales teams in Feishu/Lark and Slack")
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out(s), writeErr: (s) => ctx.err(s) })
    .showHelpAfterError();
  for (const register of commands) register(program, ctx);
  try {
    await program.parseAsync(argv, { from: "user" });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      ctx.err(`error: ${error.message}`);
      return error.exitCode;
    }
    const friendly = databaseProblem(error);
    if (friendly) {
      ctx.err(`error: ${friendly}`);
      return 1;
    }
    throw error;
  } finally {
    await ctx.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await runCli(process.argv.slice(2));
  process.exit(code);
}

/** Connection problems are the person's to fix (URL, server down), not a crash: say so plainly. */
function databaseProblem(error: unknown): string | null {
  const e = error as { code?: string; message?: string };
  if (e?.code === "ECONNREFUSED")
    return `cannot connect to the database (${e.message}); is PostgreSQL running and DATABASE_URL right?`;
  if (e?.code === "3D000") return `${e.message}; create it, then run \`npm run db:migrate\``;
  if (e?.code === "42P01") return `${e.message}; the database is not migrated: run \`npm run db:migrate\``;
  if (e?.code === "28P01" || e?.code === "28000") return `the database refused the login: ${e.message}`;
  return null;
}
