// The quarterly motivation survey: on the first working day of each quarter (10:00 local by
// default) every active salesperson gets one question — what motivates them most: bonus,
// promotion, training or flexibility — as a card with four buttons. The answer is stored for the
// quarter (a press again replaces it) and shown on the profile to the person, their manager and
// HR only. One card per person and quarter (key `motivation-survey:e<id>:<quarter>`).
import { z } from "zod";
import { motivationSurveyCard } from "../cards/builders/profile.ts";
import { QUARTER, quarterOf } from "../src/kpi/motivation.ts";
import { periodOfLocalDate } from "../src/kpi/period.ts";
import { activeSalesIds, loadMotivation } from "../src/store/profile.ts";
import { firstWorkingDayOfMonth } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";

const quarter = z.string().regex(QUARTER);

export const motivationSurveyPayload = z.object({ quarter }).strict();

const surveySchedule = z.object({ time: timeOfDay.default("10:00") }).strict();

/** The survey card; when the person already answered this quarter, with that answer marked. */
const surveyMessage = defineMessage(
  z.object({ type: z.literal("motivation-survey"), quarter }),
  async ({ pool, contact }, content) => {
    if (!contact) return { skip: "the survey goes to a person" };
    const answered = await loadMotivation(pool, contact.id);
    return {
      card: motivationSurveyCard(content.quarter, answered?.quarter === content.quarter ? answered.answer : undefined),
    };
  },
);

export const motivationSurveyJob = defineJob({
  id: "motivation-survey",
  name: "Quarterly motivation survey",
  payload: motivationSurveyPayload,
  settings: { "schedule.survey": { schema: surveySchedule, unset: {} } },
  messages: { "motivation-survey": surveyMessage },
  schedule: { times: (s) => [s["schedule.survey"].time], sends: true },
  plan({ date, calendar, manual }) {
    const month = periodOfLocalDate(date);
    const first = (Number(month.slice(5)) - 1) % 3 === 0;
    if (!manual && (!first || firstWorkingDayOfMonth(calendar, month) !== date))
      return { skip: `${date} is not the first working day of a quarter` };
    const q = quarterOf(date);
    return { runId: `motivation-survey.${q}`, payload: { quarter: q } };
  },
  async run(ctx, payload) {
    const ids = await activeSalesIds(ctx.pool);
    const deliveries: DeliverySpec[] = ids.map((id) => ({
      key: `motivation-survey:e${id}:${payload.quarter}`,
      kind: "motivation-survey",
      recipient: `e${id}`,
      to: { type: "person", employeeId: id, audience: "active" },
      content: surveyMessage.of({ type: "motivation-survey", quarter: payload.quarter }),
    }));
    return { deliveries, result: { quarter: payload.quarter, recipients: deliveries.length } };
  },
});
