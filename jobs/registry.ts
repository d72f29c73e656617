// Every scheduled job. Adding one: write jobs/<id>.ts with defineJob (its card builder in
// cards/builders/) and list it here; the scheduler registers its schedule at the next worker start.
import { dailyProgressJob } from "./daily-progress.ts";
import type { AnyJob } from "./define.ts";
import { hrDigestJob } from "./hr-digest.ts";
import { monthCloseJob } from "./month-close.ts";
import { monthEndJob } from "./month-end.ts";
import { offerNudgesJob } from "./offer-nudges.ts";
import { weeklyLeaderboardJob } from "./weekly-leaderboard.ts";

export const JOBS: readonly AnyJob[] = [
  dailyProgressJob,
  weeklyLeaderboardJob,
  monthCloseJob,
  monthEndJob,
  hrDigestJob,
  offerNudgesJob,
];

export function findJob(id: string): AnyJob | undefined {
  return JOBS.find((j) => j.id === id);
}
