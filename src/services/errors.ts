// Errors more than one service throws, for a request that names something missing or malformed.
// (One class per meaning: the leaderboard and the recommendations both look a team up by its id.)
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

/** No employee with this database id (drill-downs, recommendations). */
export class UnknownEmployeeError extends PacerError {
  static override readonly code = "employee.unknown_id";
  static override readonly userMessage = { "zh-CN": "找不到这名员工。", en: "No such employee." };
  static override readonly httpStatus = 404;
  constructor(readonly employeeId: number) {
    super(`No employee with id ${employeeId}`);
    this.name = "UnknownEmployeeError";
  }
}

/** A period that is not YYYY-MM. */
export class InvalidPeriodError extends PacerError {
  static override readonly code = "period.invalid";
  static override readonly userMessage = {
    "zh-CN": "这不是有效的月份：请用 YYYY-MM，例如 2026-10。",
    en: "That is not a month: use YYYY-MM, e.g. 2026-10.",
  };
  static override readonly httpStatus = 400;
  constructor(readonly value: string) {
    super(`"${value}" is not a period: use YYYY-MM, e.g. 2026-10`);
    this.name = "InvalidPeriodError";
  }
}
