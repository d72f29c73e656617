// Who may see what (docs/ARCHITECTURE.md "Conversation core"), decided in the core
// so every platform enforces the same rules:
// - a salesperson sees only their own details, and their team's leaderboard as names and scores;
// - a manager sees their own teams (and their branches' teams) in full detail;
// - HR and admins see everything, read-only;
// - an unlinked chat user sees nothing but how to get linked.
export type Role = "sales" | "manager" | "hr" | "admin";

export interface Viewer {
  id: number;
  externalId: string;
  name: string;
  role: Role;
  teamId: number | null;
  /** Teams this person manages, with every team below them (branches). */
  managedTeamIds: readonly number[];
}

export interface PersonRef {
  id: number;
  teamId: number | null;
}

/** Whether `viewer` may see `target`'s numbers and the rows behind them. */
export function canSeePerson(viewer: Viewer, target: PersonRef): boolean {
  if (viewer.id === target.id) return true;
  if (viewer.role === "hr" || viewer.role === "admin") return true;
  return viewer.role === "manager" && target.teamId !== null && viewer.managedTeamIds.includes(target.teamId);
}

/** "full": scores with completion, trend and at-risk; "scores": names, scores and ranks; "none". */
export type TeamAccess = "full" | "scores" | "none";

export function teamAccess(viewer: Viewer, teamId: number): TeamAccess {
  if (viewer.role === "hr" || viewer.role === "admin") return "full";
  if (viewer.role === "manager" && viewer.managedTeamIds.includes(teamId)) return "full";
  if (viewer.teamId === teamId) return "scores";
  return "none";
}

/** HR and admins see every candidate; a manager only their own openings'; nobody else any. */
export function recruitmentAccess(viewer: Viewer): "all" | "own" | "none" {
  if (viewer.role === "hr" || viewer.role === "admin") return "all";
  if (viewer.role === "manager") return "own";
  return "none";
}

/** Reports and onboarding are HR's (and admins'). */
export function canSeeReports(viewer: Viewer): boolean {
  return viewer.role === "hr" || viewer.role === "admin";
}

/** The whole company (every team's standing, any team's board): HR and admins, read-only. */
export function canSeeCompany(viewer: Viewer): boolean {
  return viewer.role === "hr" || viewer.role === "admin";
}

/** The team a "team" question is about when none is named: the one they manage, else their own. */
export function defaultTeam(viewer: Viewer): number | null {
  if (viewer.role === "manager" && viewer.managedTeamIds.length) return viewer.managedTeamIds[0]!;
  return viewer.teamId;
}

/**
 * A colleague's part on an order they may rate: operations or customer service when the order
 * names them so (its owner never: ingest refuses naming the owner); anyone else null.
 */
export function ratingPart(
  viewerId: number,
  order: { ownerId: number; operationsId: number | null; customerServiceId: number | null },
): "operations" | "customer_service" | null {
  if (viewerId === order.ownerId) return null;
  if (order.operationsId === viewerId) return "operations";
  if (order.customerServiceId === viewerId) return "customer_service";
  return null;
}

/**
 * The survey's motivation answer is private to the person, their manager and HR (admins see the
 * profile, not the answer).
 */
export function canSeeMotivation(viewer: Viewer, target: PersonRef): boolean {
  if (viewer.id === target.id || viewer.role === "hr") return true;
  return viewer.role === "manager" && target.teamId !== null && viewer.managedTeamIds.includes(target.teamId);
}
