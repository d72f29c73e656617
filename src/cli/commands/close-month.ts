// `pacer close-month YYYY-MM [--json] [--reclose --reason …]`.
import type { Command } from "commander";
import { openDatabase } from "../../db/client.ts";
import { closeMonth, InvalidPeriodError } from "../../services/month-close.ts";
import { NoOrganizationError } from "../../store/kpi-inputs.ts";
import { CliError, type CliContext } from "../context.ts";

export function registerCloseMonth(program: Command, ctx: CliContext): void {
  program
    .command("close-month")
    .description("Freeze a month's KPI results into an immutable, versioned snapshot (idempotent) and print them")
    .argument("<period>", "the month, YYYY-MM, in the organization's time zone")
    .option("--json", "print the result in the fixtures' expected format (numbers as exact decimal strings)")
    .option("--reclose", "the month is already closed and data arrived late: write a new version (the old one is kept)")
    .option("--reason <text>", "why a re-close is needed (kept in the audit log)")
    .action(async (period: string, opts: { json?: boolean; reclose?: boolean; reason?: string }) => {
      const database = openDatabase(ctx.databaseUrl(), { max: 4 });
      try {
        const outcome = await closeMonth(database.pool, period, {
          reclose: opts.reclose,
          reason: opts.reason,
          actor: `cli:${process.env.USER ?? "unknown"}`,
        });
        if (outcome.status !== "unchanged" && ctx.now() < outcome.periodEnd)
          ctx.err(
            `warning: ${period} has not ended yet; this snapshot holds the data known now (re-close it after the month ends)`,
          );
        if (opts.json) ctx.out(JSON.stringify(outcome.result, null, 1));
        else {
          const verb = { created: "closed", unchanged: "was already closed", reclosed: "re-closed" }[outcome.status];
          ctx.out(
            `${period} ${verb}: version ${outcome.version}, ${outcome.result.employees.length} salespeople, ${outcome.result.teams.length} team goals`,
          );
          for (const e of outcome.result.employees)
            ctx.out(
              `  ${e.externalId.padEnd(12)} ${(e.teamExternalId ?? "-").padEnd(10)} ${e.plan.padEnd(10)} total ${e.total.padStart(7)}  rank ${e.teamRank ?? "-"}`,
            );
        }
        if (outcome.stale)
          ctx.err(
            `note: data changed since ${period} version ${outcome.version} was closed; run with --reclose --reason "…" to write a new version`,
          );
      } catch (error) {
        if (error instanceof InvalidPeriodError || error instanceof NoOrganizationError)
          throw new CliError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    });
}
