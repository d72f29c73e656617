// High potential after the month close: on the first working day of the month (09:10 local by
// default, after the final cards and the workbooks), whoever led their team on a metric in each of
// the last three closed months (src/kpi/potential.ts) is named to their team's manager and to HR,
// with the reason and the suggested development course (development_courses). One message per
// recipient and close version (key `high-potential:<recipient>:<period>.v<version>`): a second run,
// a retry or a crashed worker sends nobody a second one, and a re-close posts the new version's.
// Held, like the final cards, when data changed after the close.
import { z } from "zod";
import { highPotentialCard, type HighPotentialView } from "../cards/builders/profile.ts";
import { formatPeriod, metricLabelText, same, text } from "../cards/index.ts";
import { both } from "../cards/builders/common.ts";
import { periodOfLocalDate, previousPeriod } from "../src/kpi/period.ts";
import { closeMonth } from "../src/services/month-close.ts";
import { type HighPotentialNotice, highPotentialNotice } from "../src/services/potential.ts";
import { activeHrIds } from "../src/store/jobs.ts";
import { firstWorkingDayOfMonth } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const highPotentialPayload = z.object({ period }).strict();

const highPotentialSchedule = z.object({ time: timeOfDay.default("09:10") }).strict();

/** The card of one notice: everyone (HR) or one team's people (its manager). */
export function highPotentialView(notice: HighPotentialNotice, teamId: number | null): HighPotentialView {
  const people = notice.people.filter((p) => teamId === null || p.team?.teamId === teamId);
  const first = formatPeriod(notice.people[0]?.periods[0] ?? notice.period);
  const last = formatPeriod(notice.period);
  return {
    period: last,
    version: notice.version ?? 0,
    people: people.map((p) => ({
      name: p.name,
      team: p.team ? same(p.team.teamName) : null,
      reasons: p.metrics.map((m) => {
        const label = metricLabelText(m.metric);
        return both((l) =>
          l === "zh-CN"
            ? `${label[l]}：${first[l]}至${last[l]}连续 ${p.periods.length} 个月团队第一`
            : `${label[l]}: top of the team ${p.periods.length} months running, ${first[l]} to ${last[l]}`,
        );
      }),
      courses: [
        ...new Map(
          p.metrics.flatMap((m) => (m.course ? [[m.course.externalId, text(m.course.titleZh, m.course.titleEn)]] : [])),
        ).values(),
      ],
    })),
  };
}

/** The notice of a close version: the whole company's (team null) or one team's (its id). */
const noticeMessage = defineMessage(
  z.object({
    type: z.literal("high-potential"),
    period,
    version: z.number().int().min(1),
    team: z.number().int().nullable(),
  }),
  async ({ pool }, content) => {
    const notice = await highPotentialNotice(pool, content.period);
    if (notice.version !== content.version)
      return {
        skip: `the ${content.period} close is now version ${notice.version} (this notice was for ${content.version})`,
      };
    const view = highPotentialView(notice, content.team);
    if (view.people.length === 0) return { skip: "nobody of this team is flagged any more" };
    return { card: highPotentialCard(view) };
  },
);

export const highPotentialJob = defineJob({
  id: "high-potential",
  name: "High-potential notices",
  payload: highPotentialPayload,
  settings: { "schedule.highPotential": { schema: highPotentialSchedule, unset: {} } },
  messages: { "high-potential": noticeMessage },
  schedule: { times: (s) => [s["schedule.highPotential"].time], sends: true },
  plan({ date, calendar, manual }) {
    const month = periodOfLocalDate(date);
    if (!manual && firstWorkingDayOfMonth(calendar, month) !== date)
      return { skip: `${date} is not the first working day of ${month}` };
    const closed = previousPeriod(month);
    return { runId: `high-potential.${closed}`, payload: { period: closed } };
  },
  // Closes the month if no close ran (idempotent, locked per period), then one notice per HR person
  // and per manager of a team with someone flagged.
  async run(ctx, payload) {
    const { period } = payload;
    const close = await closeMonth(ctx.pool, period, { actor: "jobs:high-potential" });
    if (close.stale)
      return {
        result: { period, version: close.version, held: "data changed after the close" },
        notes: [
          `${period}: data changed after the month was closed (version ${close.version}), so no high-potential notices were sent. ` +
            `Re-close it (pacer close-month ${period} --reclose --reason "…"), then send them with: pacer jobs run high-potential --period ${period}`,
        ],
      };
    const notice = await highPotentialNotice(ctx.pool, period);
    const version = close.version;
    const flagged = notice.people.length;
    if (flagged === 0) return { result: { period, version, flagged, recipients: 0 } };
    const deliveries: DeliverySpec[] = [];
    const send = (employeeId: number, scope: string, team: number | null) =>
      deliveries.push({
        key: `high-potential:e${employeeId}.${scope}:${period}.v${version}`,
        kind: "high-potential",
        recipient: `e${employeeId}.${scope}.v${version}`,
        to: { type: "person", employeeId, audience: "active" },
        content: noticeMessage.of({ type: "high-potential", period, version, team }),
      });
    for (const id of await activeHrIds(ctx.pool)) send(id, "company", null);
    const teams = new Map(notice.people.flatMap((p) => (p.team ? [[p.team.teamId, p.team]] : [])));
    for (const team of teams.values())
      if (team.managerId !== null) send(team.managerId, `t${team.teamId}`, team.teamId);
    return { deliveries, result: { period, version, flagged, recipients: deliveries.length } };
  },
});
