// Every scheduled job. Adding one: write jobs/<id>.ts with defineJob (its card builder in
// cards/builders/) and list it here; the scheduler registers its schedule at the next worker start.
import { dailyProgressJob } from "./daily-progress.ts";
import type { AnyJob, MessageSpec } from "./define.ts";
import { highPotentialJob } from "./high-potential.ts";
import { hrDigestJob } from "./hr-digest.ts";
import { monthCloseJob } from "./month-close.ts";
import { monthEndJob } from "./month-end.ts";
import { monthEndFilesJob } from "./month-end-files.ts";
import { monthTargetsJob } from "./month-targets.ts";
import { motivationSurveyJob } from "./motivation-survey.ts";
import { offerNudgesJob } from "./offer-nudges.ts";
import { ratingRequestsJob } from "./rating-requests.ts";
import { receivablesJob } from "./receivables.ts";
import { stalledNudgesJob } from "./stalled-nudges.ts";
import { weeklyLeaderboardJob } from "./weekly-leaderboard.ts";

export const JOBS: readonly AnyJob[] = [
  dailyProgressJob,
  weeklyLeaderboardJob,
  monthCloseJob,
  monthEndJob,
  monthEndFilesJob,
  hrDigestJob,
  offerNudgesJob,
  receivablesJob,
  stalledNudgesJob,
  monthTargetsJob,
  ratingRequestsJob,
  highPotentialJob,
  motivationSurveyJob,
];

export function findJob(id: string): AnyJob | undefined {
  return JOBS.find((j) => j.id === id);
}

/** The message kind of a delivery's content type (each type belongs to one job). */
export function findMessage(type: string): MessageSpec<unknown> | undefined {
  return MESSAGES.get(type);
}

const MESSAGES = new Map<string, MessageSpec<unknown>>();
for (const job of JOBS)
  for (const [type, spec] of Object.entries(job.messages)) {
    if (MESSAGES.has(type)) throw new Error(`message type ${type} is declared by two jobs`);
    MESSAGES.set(type, spec);
  }
