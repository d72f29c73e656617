// Month-end workbooks in chat: after the month close, on the first working day of the month
// (09:05 local by default, after the final cards), HR staff get the whole company's report and
// each team's manager their team's, as an XLSX file (src/services/report.ts monthReportFile) — on
// Slack with the charts as pictures in the same message (Block Kit draws no charts), on Lark the
// file alone. One delivery per recipient and period (key `report-file:<recipient>:<period>`), so a
// second run, a retry or a worker that crashed mid-run sends nobody a second file. Held, like the
// final cards, when data changed after the close.
import { z } from "zod";
import type { Locale } from "../cards/model.ts";
import { periodOfLocalDate, previousPeriod } from "../src/kpi/period.ts";
import { reportFileMessage } from "../src/services/report-delivery.ts";
import { closeMonth } from "../src/services/month-close.ts";
import { NoCloseError, UnknownReportTeamError } from "../src/services/report.ts";
import { activeHrIds, monthEndRecipients } from "../src/store/jobs.ts";
import { firstWorkingDayOfMonth } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const monthEndFilesPayload = z.object({ period, asOf: z.string().datetime({ offset: true }) }).strict();

const monthEndFilesSchedule = z.object({ time: timeOfDay.default("09:05") }).strict();

/** The month's workbook: the company's (team null) or one team's (its external id). */
const reportFile = defineMessage(
  z.object({ type: z.literal("report-file"), period, version: z.number().int().min(1), team: z.string().nullable() }),
  async ({ pool, org, contact }, content) => {
    const locale: Locale = contact?.locale === "en" || contact?.locale === "zh-CN" ? contact.locale : org.defaultLocale;
    try {
      return {
        file: await reportFileMessage(pool, content.period, {
          locale,
          ...(content.team ? { team: content.team } : {}),
        }),
      };
    } catch (error) {
      // The close or the team is gone since the run (a deleted team, a dropped close): nothing to send.
      if (error instanceof NoCloseError || error instanceof UnknownReportTeamError) return { skip: error.message };
      throw error;
    }
  },
);

export const monthEndFilesJob = defineJob({
  id: "month-end-files",
  name: "Month-end report workbooks",
  payload: monthEndFilesPayload,
  settings: { "schedule.reports": { schema: monthEndFilesSchedule, unset: {} } },
  messages: { "report-file": reportFile },
  schedule: { times: (s) => [s["schedule.reports"].time], sends: true },
  plan({ date, asOf, calendar, manual }) {
    const month = periodOfLocalDate(date);
    if (!manual && firstWorkingDayOfMonth(calendar, month) !== date)
      return { skip: `${date} is not the first working day of ${month}` };
    const period = previousPeriod(month);
    return { runId: `month-end-files.${period}`, payload: { period, asOf: asOf.toISOString() } };
  },
  // Closes the month if no close ran (closeMonth is idempotent and locked per period), then one
  // file per HR person and per team manager of the snapshot.
  async run(ctx, payload) {
    const { period } = payload;
    const close = await closeMonth(ctx.pool, period, { actor: "jobs:month-end-files" });
    if (close.stale)
      return {
        result: { period, version: close.version, held: "data changed after the close" },
        notes: [
          `${period}: data changed after the month was closed (version ${close.version}), so no report workbooks were sent. ` +
            `Re-close it (pacer close-month ${period} --reclose --reason "…"), then send them with: pacer jobs run month-end-files --period ${period}`,
        ],
      };
    const [hr, { teams }] = await Promise.all([
      activeHrIds(ctx.pool),
      monthEndRecipients(ctx.pool, period, close.version),
    ]);
    const deliveries: DeliverySpec[] = [];
    for (const id of hr)
      deliveries.push({
        key: `report-file:e${id}.company:${period}`,
        kind: "report-file",
        recipient: `e${id}.company`,
        to: { type: "person", employeeId: id, audience: "active" },
        content: reportFile.of({ type: "report-file", period, version: close.version, team: null }),
      });
    for (const t of teams)
      deliveries.push({
        key: `report-file:e${t.managerId}.t${t.teamId}:${period}`,
        kind: "report-file",
        recipient: `e${t.managerId}.t${t.teamId}`,
        to: { type: "person", employeeId: t.managerId, audience: "active" },
        content: reportFile.of({ type: "report-file", period, version: close.version, team: t.teamExternalId }),
      });
    return { deliveries, result: { period, version: close.version, recipients: deliveries.length } };
  },
});
