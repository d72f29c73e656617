// Errors more than one service throws. (One class per meaning: the leaderboard and the
// recommendations both look a team up by its database id.)
import { PacerError } from "../errors.ts";

/** No team with this database id (a stale job, or a bad id in a request). */
export class UnknownTeamError extends PacerError {
  static override readonly code = "team.unknown_id";
  static override readonly userMessage = { "zh-CN": "找不到这个团队。", en: "No such team." };
  static override readonly httpStatus = 404;
  constructor(readonly teamId: number) {
    super(`No team with id ${teamId}`);
    this.name = "UnknownTeamError";
  }
}
