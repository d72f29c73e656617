// `pacer progress <employee> [--as-of ISO] [--json]`.
import type { Command } from "commander";
import { openDatabase } from "../../db/client.ts";
import { instant } from "../../kpi/fields.ts";
import { NotScoredError, progressFor, progressText } from "../../services/progress.ts";
import { NoOrganizationError } from "../../store/kpi-inputs.ts";
import { CliError, type CliContext } from "../context.ts";

export function registerProgress(program: Command, ctx: CliContext): void {
  program
    .command("progress")
    .description("A salesperson's KPI progress as of an instant: actual, target, points, gap, pace, projection, rank")
    .argument("<employee>", "the salesperson's externalId, e.g. E-A")
    .option("--as-of <instant>", "ISO 8601 instant with an offset (default: PACER_NOW or now)")
    .option("--json", "print JSON (numbers as exact decimal strings)")
    .action(async (employee: string, opts: { asOf?: string; json?: boolean }) => {
      let asOf = ctx.now();
      if (opts.asOf !== undefined) {
        const parsed = instant.safeParse(opts.asOf);
        if (!parsed.success) throw new CliError(`--as-of ${parsed.error.issues[0]!.message}`);
        asOf = parsed.data;
      }
      const database = openDatabase(ctx.databaseUrl(), { max: 4 });
      try {
        const progress = await progressFor(database.pool, employee, asOf);
        ctx.out(opts.json ? JSON.stringify(progress, null, 1) : progressText(progress));
      } catch (error) {
        if (error instanceof NotScoredError || error instanceof NoOrganizationError) throw new CliError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    });
}
