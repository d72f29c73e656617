// Errors the KPI services raise for a request that names something missing or malformed. Each has
// a stable `code` (what callers and logs match on; the message is for people and may change).
// The error hierarchy across the whole code base is a later task; these are the services' own.

/** A team id that names no team (leaderboards, high-potential lists). */
export class UnknownTeamError extends Error {
  readonly code = "team.unknown";
  constructor(readonly teamId: number) {
    super(`No team with id ${teamId}`);
    this.name = "UnknownTeamError";
  }
}

/** An employee id that names no employee (drill-downs, recommendations). */
export class UnknownEmployeeError extends Error {
  readonly code = "employee.unknown";
  constructor(readonly employeeId: number) {
    super(`No employee with id ${employeeId}`);
    this.name = "UnknownEmployeeError";
  }
}

/** A period that is not YYYY-MM. */
export class InvalidPeriodError extends Error {
  readonly code = "period.invalid";
  constructor(readonly value: string) {
    super(`"${value}" is not a period: use YYYY-MM, e.g. 2026-10`);
    this.name = "InvalidPeriodError";
  }
}
