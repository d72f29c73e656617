// `pacer report YYYY-MM [--out file.csv]`: HR's month-end team analysis from the month close.
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { renderText } from "../../../cards/render-text.ts";
import { reportCard } from "../../../cards/builders/report.ts";
import { openDatabase } from "../../db/client.ts";
import { isPeriod } from "../../kpi/period.ts";
import { monthReport, NoCloseError, reportCsv } from "../../services/report.ts";
import { CliError, type CliContext } from "../context.ts";

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command("report")
    .description("Month-end team analysis (from the month close); --out writes every employee's row as CSV")
    .argument("<period>", "YYYY-MM")
    .option("-o, --out <file>", "write the CSV file (UTF-8 with BOM, opens in Excel/WPS)")
    .option("--locale <locale>", "zh-CN or en", "zh-CN")
    .action(async (period: string, opts: { out?: string; locale: string }) => {
      if (!isPeriod(period)) throw new CliError(`"${period}" is not a period: use YYYY-MM, e.g. 2026-10`);
      if (opts.locale !== "zh-CN" && opts.locale !== "en") throw new CliError("--locale must be zh-CN or en");
      const database = openDatabase(ctx.databaseUrl(), { max: 2 });
      try {
        const report = await monthReport(database.pool, period);
        ctx.out(renderText(reportCard(report), opts.locale).text);
        if (opts.out) {
          await writeFile(opts.out, reportCsv(report));
          ctx.out(`wrote ${report.rows.length} rows to ${opts.out}`);
        }
      } catch (error) {
        if (error instanceof NoCloseError) throw new CliError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    });
}
