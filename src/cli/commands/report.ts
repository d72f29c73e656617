// `pacer report YYYY-MM [--format csv|xlsx] [--out file] [--team T]`: HR's month-end team analysis
// from the month close. Prints the summary card; csv (the default) writes every employee's row when
// --out is given; xlsx always writes the workbook with charts (to --out, or its own file name).
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { renderText } from "../../../cards/render-text.ts";
import { reportCard } from "../../../cards/builders/report.ts";
import { openDatabase } from "../../db/client.ts";
import { isPeriod } from "../../kpi/period.ts";
import { monthReportFile, NoCloseError, UnknownReportTeamError } from "../../services/report.ts";
import { CliError, type CliContext } from "../context.ts";

interface ReportOptions {
  out?: string;
  locale: string;
  format: string;
  team?: string;
}

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command("report")
    .description(
      "Month-end team analysis (from the month close); --format xlsx writes a workbook with charts, csv (--out) every employee's row",
    )
    .argument("<period>", "YYYY-MM")
    .option("-o, --out <file>", "the file to write (csv: UTF-8 with BOM, opens in Excel/WPS)")
    .option("-f, --format <format>", "csv or xlsx", "csv")
    .option("-t, --team <team>", "only this team (its external id, e.g. T-EAST): a manager's report")
    .option("--locale <locale>", "zh-CN or en", "zh-CN")
    .action(async (period: string, opts: ReportOptions) => {
      if (!isPeriod(period)) throw new CliError(`"${period}" is not a period: use YYYY-MM, e.g. 2026-10`);
      if (opts.locale !== "zh-CN" && opts.locale !== "en") throw new CliError("--locale must be zh-CN or en");
      if (opts.format !== "csv" && opts.format !== "xlsx") throw new CliError("--format must be csv or xlsx");
      const database = openDatabase(ctx.databaseUrl(), { max: 2 });
      try {
        const file = await monthReportFile(database.pool, period, {
          format: opts.format,
          locale: opts.locale,
          ...(opts.team === undefined ? {} : { team: opts.team }),
        });
        ctx.out(renderText(reportCard(file.report), opts.locale).text);
        const target = opts.out ?? (opts.format === "xlsx" ? file.fileName : undefined);
        if (target) {
          await writeFile(target, file.buffer);
          ctx.out(`wrote ${file.report.rows.length} rows to ${target}`);
        }
      } catch (error) {
        if (error instanceof NoCloseError || error instanceof UnknownReportTeamError) throw new CliError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    });
}
