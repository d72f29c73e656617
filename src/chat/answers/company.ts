// HR and admins see the company: the overview of every team, any team's leaderboard (a list to
// pick from when none is named) and anyone's progress card — read-only, and each view of other
// people's numbers leaves an audit row (who, what, when). Managers and salespeople keep their own
// scope (./kpi.ts applies it); asking for the company or another team gets a clear refusal.
import { companyCard, errorCard, teamPickerCard } from "../../../cards/index.ts";
import type { Card, Text } from "../../../cards/model.ts";
import { companyOverview } from "../../services/company.ts";
import { insertViewAudit, listTeams, teamsMatching, type ViewAudit } from "../../store/company.ts";
import type { OrganizationInfo } from "../../store/kpi-inputs.ts";
import type { IntentOf, PeriodRef } from "../intents.ts";
import { canSeeCompany, type Viewer } from "../permissions.ts";
import { TEXTS } from "../texts.ts";
import { asOfFor, type ChatDeps, Refusal, resolvePeriod } from "./context.ts";

/** Records that an HR or admin viewer looked at others' numbers; other roles see only their own scope. */
export async function auditView(
  deps: ChatDeps,
  viewer: Viewer,
  view: Pick<ViewAudit, "action" | "entity" | "entityId" | "details">,
): Promise<void> {
  if (!canSeeCompany(viewer)) return;
  await insertViewAudit(deps.pool, { ...view, at: deps.now(), actor: `${viewer.externalId} (${viewer.name})` });
}

export async function company(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"company">,
): Promise<Card> {
  if (!canSeeCompany(viewer)) throw new Refusal(errorCard(TEXTS.companyForHr));
  const overview = await companyOverview(deps.pool, asOfFor(deps, intent.period, org.timezone), {
    organization: org,
  });
  await auditView(deps, viewer, {
    action: "view.company",
    entity: "organization",
    entityId: overview.period,
    details: { period: overview.period, teams: overview.teams.length },
  });
  return companyCard(overview);
}

/** HR's "which team?" card: every team, a button each. */
export async function teamPicker(
  deps: ChatDeps,
  org: OrganizationInfo,
  period: PeriodRef,
  notice?: Text,
): Promise<Card> {
  const resolved = resolvePeriod(deps, period, org.timezone).period;
  return teamPickerCard(await listTeams(deps.pool), { period: resolved, ...(notice ? { notice } : {}) });
}

/**
 * The team a "team <name or id>" question means. HR and admins asking for a team that does not
 * exist get the list to pick from; others get the refusal they would get for any team not theirs.
 */
export async function teamNamed(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  query: string,
  period: PeriodRef,
): Promise<number> {
  const teams = await teamsMatching(deps.pool, query.trim());
  if (teams.length === 1) return teams[0]!.id;
  if (!canSeeCompany(viewer)) throw new Refusal(errorCard(TEXTS.cannotSeeTeam));
  if (teams.length > 1)
    throw new Refusal(
      errorCard(
        TEXTS.severalTeams(
          query,
          teams.map((t) => t.externalId),
        ),
      ),
    );
  throw new Refusal(await teamPicker(deps, org, period, TEXTS.noSuchTeam(query)));
}
