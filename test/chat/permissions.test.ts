// The permission matrix, table-driven: every role against every kind of target.
import { describe, expect, it } from "vitest";
import {
  canSeePerson,
  canSeeReports,
  defaultTeam,
  recruitmentAccess,
  teamAccess,
  type Viewer,
} from "../../src/chat/permissions.ts";

// Teams: 1 (East) with branch team 3 below it; 2 (South).
const people = {
  rep1: { id: 1, externalId: "R1", name: "Rep East", role: "sales", teamId: 1, managedTeamIds: [] },
  rep2: { id: 2, externalId: "R2", name: "Rep East 2", role: "sales", teamId: 1, managedTeamIds: [] },
  repSouth: { id: 3, externalId: "R3", name: "Rep South", role: "sales", teamId: 2, managedTeamIds: [] },
  repBranch: { id: 4, externalId: "R4", name: "Rep East branch", role: "sales", teamId: 3, managedTeamIds: [] },
  mgrEast: { id: 5, externalId: "M1", name: "Manager East", role: "manager", teamId: 1, managedTeamIds: [1, 3] },
  mgrSouth: { id: 6, externalId: "M2", name: "Manager South", role: "manager", teamId: 2, managedTeamIds: [2] },
  hr: { id: 7, externalId: "H1", name: "HR", role: "hr", teamId: null, managedTeamIds: [] },
  admin: { id: 8, externalId: "A1", name: "Admin", role: "admin", teamId: null, managedTeamIds: [] },
} satisfies Record<string, Viewer>;

type Who = keyof typeof people;

describe("canSeePerson", () => {
  const cases: [Who, Who, boolean][] = [
    ["rep1", "rep1", true],
    ["rep1", "rep2", false],
    ["rep1", "repSouth", false],
    ["rep1", "mgrEast", false],
    ["mgrEast", "rep1", true],
    ["mgrEast", "repBranch", true],
    ["mgrEast", "repSouth", false],
    ["mgrSouth", "rep1", false],
    ["mgrSouth", "repSouth", true],
    ["hr", "rep1", true],
    ["hr", "repSouth", true],
    ["admin", "repBranch", true],
  ];
  it.each(cases)("%s → %s: %s", (viewer, target, allowed) => {
    const t = people[target];
    expect(canSeePerson(people[viewer], { id: t.id, teamId: t.teamId })).toBe(allowed);
  });
});

describe("teamAccess", () => {
  const cases: [Who, number, string][] = [
    ["rep1", 1, "scores"],
    ["rep1", 2, "none"],
    ["rep1", 3, "none"],
    ["repBranch", 3, "scores"],
    ["mgrEast", 1, "full"],
    ["mgrEast", 3, "full"],
    ["mgrEast", 2, "none"],
    ["mgrSouth", 2, "full"],
    ["hr", 1, "full"],
    ["admin", 2, "full"],
  ];
  it.each(cases)("%s on team %i: %s", (viewer, team, access) => {
    expect(teamAccess(people[viewer], team)).toBe(access);
  });
});

describe("recruitment, reports and the default team", () => {
  it.each([
    ["rep1", "none", false, 1],
    ["mgrEast", "own", false, 1],
    ["hr", "all", true, null],
    ["admin", "all", true, null],
  ] as [Who, string, boolean, number | null][])(
    "%s: candidates %s, reports %s, default team %s",
    (who, recruitment, reports, team) => {
      expect(recruitmentAccess(people[who])).toBe(recruitment);
      expect(canSeeReports(people[who])).toBe(reports);
      expect(defaultTeam(people[who])).toBe(team);
    },
  );
});
