// Month end: on the first working day of the month at 09:00 local, each salesperson gets their
// final card of the closed month and each manager their team's report. The month is closed first
// if the 02:00 close did not run; when data changed after the close, nothing is sent and the
// admins are asked to re-close (the cards must show what people are paid on).
import { z } from "zod";
import { finalCard } from "../cards/builders/job-messages.ts";
import { leaderboardCard } from "../cards/builders/leaderboard.ts";
import { progressCard } from "../cards/builders/progress.ts";
import { periodBounds, periodOfLocalDate, previousPeriod } from "../src/kpi/period.ts";
import { leaderboardFor } from "../src/services/leaderboard.ts";
import { closeMonth } from "../src/services/month-close.ts";
import { progressFor } from "../src/services/progress.ts";
import { monthEndRecipients } from "../src/store/jobs.ts";
import { firstWorkingDayOfMonth } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";

export const monthEndPayload = z
  .object({
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    /** When the cards were triggered (the admin notice's as-of). */
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type MonthEndPayload = z.output<typeof monthEndPayload>;

/** Final cards and team reports, on the first working day of the month. */
const monthEndSchedule = z.object({ time: timeOfDay.default("09:00") }).strict();

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** A salesperson's final card of a closed month (the figures at the month's last instant). */
const finalMessage = defineMessage(
  z.object({ type: z.literal("final"), period, version: z.number().int().min(1) }),
  async ({ pool, org, contact }, content) => {
    if (!contact) return { skip: "a final card needs a person" };
    const end = new Date(periodBounds(content.period, org.timezone).end.getTime() - 1);
    const p = await progressFor(pool, contact.externalId, end);
    return {
      card: finalCard(
        progressCard(p, { recommendation: null, viewer: "self", showButtons: false }),
        content.period,
        content.version,
      ),
    };
  },
);

/** A manager's team report of a closed month. */
const teamReportMessage = defineMessage(
  z.object({ type: z.literal("team-report"), teamId: z.number().int(), period, version: z.number().int().min(1) }),
  async ({ pool, org, contact }, content) => {
    const end = new Date(periodBounds(content.period, org.timezone).end.getTime() - 1);
    const board = await leaderboardFor(pool, content.teamId, end);
    const card = leaderboardCard(board, {
      audience: "manager",
      ...(contact ? { askerExternalId: contact.externalId } : {}),
      currency: org.currency,
    });
    return { card: finalCard(card, content.period, content.version) };
  },
);

export const monthEndJob = defineJob({
  id: "month-end",
  name: "Month-end final cards",
  payload: monthEndPayload,
  settings: { "schedule.monthEnd": { schema: monthEndSchedule, unset: {} } },
  messages: { final: finalMessage, "team-report": teamReportMessage },
  schedule: { times: (s) => [s["schedule.monthEnd"].time], sends: true },
  plan({ date, asOf, calendar, manual }) {
    const month = periodOfLocalDate(date);
    if (!manual && firstWorkingDayOfMonth(calendar, month) !== date)
      return { skip: `${date} is not the first working day of ${month}` };
    const period = previousPeriod(month);
    return { runId: `month-end.${period}`, payload: { period, asOf: asOf.toISOString() } };
  },
  // Close the month if the 02:00 close did not happen, then each active salesperson of the
  // snapshot gets their final card and each team's active manager the team report. When data
  // changed after the close, nothing goes out: the cards would disagree with the snapshot people
  // are paid on, so the admins are asked to re-close and run it again.
  async run(ctx, payload) {
    const { period } = payload;
    const close = await closeMonth(ctx.pool, period, { actor: "jobs:month-end" });
    if (close.stale)
      return {
        result: { period, version: close.version, held: "data changed after the close" },
        notes: [
          `${period}: data changed after the month was closed (version ${close.version}), so no final cards were sent. ` +
            `Re-close it (pacer close-month ${period} --reclose --reason "…"), then send them with: pacer jobs run month-end --period ${period}`,
        ],
      };
    const { people, teams } = await monthEndRecipients(ctx.pool, period, close.version);
    const deliveries: DeliverySpec[] = [];
    for (const id of people)
      deliveries.push({
        key: `month-end-card:e${id}:${period}`,
        kind: "month-end-card",
        recipient: `e${id}`,
        to: { type: "person", employeeId: id, audience: "active" },
        content: finalMessage.of({ type: "final", period, version: close.version }),
      });
    for (const t of teams)
      deliveries.push({
        key: `month-end-report:e${t.managerId}.t${t.teamId}:${period}`,
        kind: "month-end-report",
        recipient: `e${t.managerId}.t${t.teamId}`,
        to: { type: "person", employeeId: t.managerId, audience: "active" },
        content: teamReportMessage.of({ type: "team-report", teamId: t.teamId, period, version: close.version }),
      });
    return {
      deliveries,
      result: { period, version: close.version, closed: close.status, recipients: deliveries.length },
    };
  },
});
