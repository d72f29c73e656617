// Every scheduled job. Adding one: write jobs/<id>.ts with defineJob and list it here; the
// scheduler registers its schedule at the next worker start.
import type { JobDefinition } from "./define.ts";
import { dailyProgressJob } from "./daily-progress.ts";
import { weeklyLeaderboardJob } from "./weekly-leaderboard.ts";
import { monthCloseJob } from "./month-close.ts";
import { monthEndJob } from "./month-end.ts";
import { hrDigestJob } from "./hr-digest.ts";
import { offerNudgesJob } from "./offer-nudges.ts";

export const JOBS: readonly JobDefinition<unknown>[] = [
  dailyProgressJob,
  weeklyLeaderboardJob,
  monthCloseJob,
  monthEndJob,
  hrDigestJob,
  offerNudgesJob,
];

export function findJob(id: string): JobDefinition<unknown> | undefined {
  return JOBS.find((j) => j.id === id);
}
