// `pacer calendar load <file> [--source …]` and `pacer calendar show <YYYY-MM>`.
import type { Command } from "commander";
import { inTransaction, openDatabase } from "../../db/client.ts";
import { loadCalendarFile } from "../../config/calendar-file.ts";
import { isKpiValidationError } from "../../kpi/validation-error.ts";
import { isPeriod } from "../../kpi/period.ts";
import { loadOrganization, NoOrganizationError } from "../../store/kpi-inputs.ts";
import { loadWorkingCalendar, replaceCalendarDays, setCalendarSource } from "../../store/calendar.ts";
import { CliError, type CliContext } from "../context.ts";

const SOURCES = ["cn-official", "custom", "none"] as const;

export function registerCalendar(program: Command, ctx: CliContext): void {
  const calendar = program
    .command("calendar")
    .description("The organization's working-day calendar (holidays and adjusted workdays)");

  calendar
    .command("load")
    .description(
      "Replace the organization's own calendar days with a calendar file ({holidays:[{date,name}], workdays:[…]})",
    )
    .argument("<file>", "calendar JSON file")
    .option(
      "--source <source>",
      `what the file is layered on: ${SOURCES.join(" | ")} (cn-official: China's official calendar, the file wins date by date)`,
    )
    .action(async (file: string, opts: { source?: string }) => {
      if (opts.source !== undefined && !(SOURCES as readonly string[]).includes(opts.source))
        throw new CliError(`--source must be one of ${SOURCES.join(", ")}, got ${JSON.stringify(opts.source)}`);
      const parsed = await loadCalendarFile(file).catch((e: unknown) => {
        throw isKpiValidationError(e) ? new CliError(e.message) : e;
      });
      const database = openDatabase(ctx.databaseUrl(), { max: 2 });
      try {
        await loadOrganization(database.pool);
        const counts = await inTransaction(database.pool, async (client) => {
          const c = await replaceCalendarDays(client, parsed);
          if (opts.source) await setCalendarSource(client, opts.source);
          return c;
        });
        ctx.out(
          `calendar: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged (${parsed.holidays.length} holidays, ${parsed.workdays.length} workdays)`,
        );
      } catch (error) {
        if (error instanceof NoOrganizationError) throw new CliError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    });

  calendar
    .command("show")
    .description("List a month's working days as the KPI engine counts them")
    .argument("<period>", "YYYY-MM")
    .action(async (period: string) => {
      if (!isPeriod(period)) throw new CliError(`"${period}" is not a period: use YYYY-MM, e.g. 2026-10`);
      const database = openDatabase(ctx.databaseUrl(), { max: 2 });
      try {
        const org = await loadOrganization(database.pool);
        const cal = await loadWorkingCalendar(database.pool, org.calendarSource);
        const working = cal.workingDatesInPeriod(period);
        ctx.out(`${period}: ${working.length} working days (calendar: ${org.calendarSource})`);
        const [year, month] = period.split("-").map(Number) as [number, number];
        const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
        for (let d = 1; d <= days; d++) {
          const date = `${period}-${String(d).padStart(2, "0")}`;
          const info = cal.dayInfo(date);
          if (info.kind === "workday") continue;
          ctx.out(`  ${date}  ${info.kind.padEnd(16)} ${info.name ?? ""}${info.nameEn ? ` / ${info.nameEn}` : ""}`);
        }
      } catch (error) {
        if (error instanceof NoOrganizationError) throw new CliError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    });
}
