// The KPI questions: progress (own, a teammate's, a past month), details, unpaid receivables, the
// team leaderboard and the month-end report — permissions from ../permissions.ts, data from services.
import type { Card, Locale } from "../../../cards/model.ts";
import {
  detailsCard,
  errorCard,
  leaderboardCard,
  noDataCard,
  progressCard,
  reportCard,
  unpaidCard,
} from "../../../cards/index.ts";
import { explainMetric, unpaidReceivables } from "../../services/explain.ts";
import { leaderboardFor } from "../../services/leaderboard.ts";
import { type Progress, progressFor } from "../../services/progress.ts";
import { recommendCourse } from "../../services/recommend.ts";
import { monthReport, NoCloseError } from "../../services/report.ts";
import { reportFileMessage } from "../../services/report-delivery.ts";
import type { FileMessage } from "../../outgoing-file.ts";
import { peopleLinkedTo, peopleNamed, personByExternalId, planMetricsOf, teamExternalIds } from "../../store/chat.ts";
import type { OrganizationInfo } from "../../store/kpi-inputs.ts";
import { targetSourceLine } from "../../../cards/builders/targets.ts";
import { formatDate } from "../../../cards/format.ts";
import type { IntentOf } from "../intents.ts";
import { canSeeCompany, canSeePerson, canSeeReports, defaultTeam, teamAccess, type Viewer } from "../permissions.ts";
import { TEXTS } from "../texts.ts";
import { auditView, teamNamed, teamPicker } from "./company.ts";
import { type Asker, asOfFor, type ChatDeps, type Person, Refusal, type Reply, resolvePeriod } from "./context.ts";

/** The asker, or another employee by externalId when the asker may see them. */
export async function subjectOf(deps: ChatDeps, viewer: Viewer, externalId: string | undefined): Promise<Person> {
  if (!externalId || externalId === viewer.externalId)
    return { id: viewer.id, externalId: viewer.externalId, name: viewer.name, teamId: viewer.teamId };
  const row = await personByExternalId(deps.pool, externalId);
  // An unknown person and one the viewer may not see get the same answer: nothing leaks.
  if (!row || !canSeePerson(viewer, row)) throw new Refusal(errorCard(TEXTS.cannotSeePerson));
  return row;
}

/** A teammate by chat mention ("@U123") or by name / externalId, among those the viewer may see. */
export async function lookupPerson(deps: ChatDeps, viewer: Viewer, query: string): Promise<Person> {
  const rows = query.startsWith("@")
    ? await peopleLinkedTo(deps.pool, query.slice(1))
    : await peopleNamed(deps.pool, query.trim());
  const visible = rows.filter((r) => canSeePerson(viewer, r));
  if (visible.length === 0) throw new Refusal(errorCard(TEXTS.noSuchPerson(query)));
  if (visible.length > 1)
    throw new Refusal(
      errorCard(
        TEXTS.severalPeople(
          query,
          visible.map((r) => r.externalId),
        ),
      ),
    );
  return visible[0]!;
}

export async function progress(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"progress">,
  asker: Asker,
): Promise<Omit<Reply, "locale">> {
  const tz = org.timezone;
  // A manager asking "how far from target?" gets the team view; HR and admins have no personal KPI.
  if (!intent.subject && viewer.role !== "sales") {
    const team = defaultTeam(viewer);
    if (team === null && !canSeeCompany(viewer)) return { card: noDataCard("no_team"), personal: true };
    return leaderboard(deps, org, viewer, { kind: "leaderboard", period: intent.period }, asker);
  }
  const person = await subjectOf(deps, viewer, intent.subject);
  const p = await progressFor(deps.pool, person.externalId, asOfFor(deps, intent.period, tz), {
    organization: org,
    employee: { id: person.id, teamId: person.teamId },
  });
  if (person.id !== viewer.id)
    await auditView(deps, viewer, {
      action: "view.progress",
      entity: "employee",
      entityId: person.externalId,
      details: { period: p.period, employee: person.externalId },
    });
  const score = p.weakest ? await recommendCourse(deps.pool, p.weakest.metric).catch(() => null) : null;
  return {
    card: progressCard(p, {
      recommendation: score,
      viewer: person.id === viewer.id ? "self" : "manager",
      showButtons: true,
      targetSource: targetSourceOf(org, p.targetSource),
    }),
    personal: true,
  };
}

/** The latest write of the person's targets for the month: who set them in chat and when, or the feed. */
function targetSourceOf(org: OrganizationInfo, source: Progress["targetSource"]) {
  if (!source) return null;
  return targetSourceLine({ by: source.by, on: formatDate(new Date(source.at), org.timezone), via: source.via });
}

export async function leaderboard(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"leaderboard">,
  asker: Asker,
): Promise<Omit<Reply, "locale">> {
  // HR and admins have no team of their own: without a name they pick one from the list.
  if (!intent.team && canSeeCompany(viewer))
    return { card: await teamPicker(deps, org, intent.period), personal: true };
  const teamId = intent.team ? await teamNamed(deps, org, viewer, intent.team, intent.period) : defaultTeam(viewer);
  if (teamId === null) return { card: noDataCard("no_team"), personal: true };
  const access = teamAccess(viewer, teamId);
  if (access === "none") return { card: errorCard(TEXTS.cannotSeeTeam), personal: true };
  const board = await leaderboardFor(deps.pool, teamId, asOfFor(deps, intent.period, org.timezone), {
    organization: org,
  });
  await auditView(deps, viewer, {
    action: "view.leaderboard",
    entity: "team",
    entityId: board.team.externalId,
    details: { period: board.period, team: board.team.externalId },
  });
  const audience = access === "full" ? "manager" : asker.inGroup ? "channel" : "member";
  return {
    card: leaderboardCard(board, {
      audience,
      askerExternalId: viewer.externalId,
      currency: org.currency,
      ...(intent.page ? { page: intent.page } : {}),
    }),
    // Managers' full detail is for them only; the names-and-scores board may be shown in a channel.
    personal: audience === "manager" || !asker.inGroup,
  };
}

export async function details(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"details">,
): Promise<Card> {
  const person = await subjectOf(deps, viewer, intent.subject);
  const { period, asOf } = resolvePeriod(deps, intent.period, org.timezone);
  if (person.id !== viewer.id)
    await auditView(deps, viewer, {
      action: "view.details",
      entity: "employee",
      entityId: person.externalId,
      details: { period, employee: person.externalId, metric: intent.metric ?? "booked_revenue", page: intent.page },
    });
  const explanation = await explainMetric(deps.pool, {
    employeeId: person.id,
    period,
    metric: intent.metric ?? "booked_revenue",
    page: intent.page,
    ...(asOf ? { asOf } : {}),
  });
  return detailsCard(explanation, {
    timezone: org.timezone,
    currency: org.currency,
    employeeName: person.name,
    metrics: await planMetricsOf(deps.pool, person.id),
    ...(person.id !== viewer.id ? { subject: person.externalId } : {}),
    // Only the owner may dispute an order: the buttons are on their own rows.
    disputable: person.id === viewer.id,
  });
}

export async function unpaid(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"unpaid">,
): Promise<Card> {
  const person = await subjectOf(deps, viewer, intent.subject);
  if (person.id !== viewer.id)
    await auditView(deps, viewer, {
      action: "view.unpaid",
      entity: "employee",
      entityId: person.externalId,
      details: { employee: person.externalId, page: intent.page },
    });
  const list = await unpaidReceivables(deps.pool, person.id, deps.now(), { page: intent.page });
  return unpaidCard(list, {
    timezone: org.timezone,
    currency: org.currency,
    employeeName: person.name,
    ...(person.id !== viewer.id ? { subject: person.externalId } : {}),
  });
}

/**
 * The month-end report: the card, and the workbook as a file (HR and admins: the company; a
 * manager: the team they manage; anyone else is refused).
 */
export async function report(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"report">,
  locale: Locale,
): Promise<{ card: Card; file?: FileMessage }> {
  let team: string | undefined;
  if (!canSeeReports(viewer)) {
    const managed = viewer.role === "manager" ? await teamExternalIds(deps.pool, viewer.managedTeamIds) : [];
    if (managed.length === 0) return { card: errorCard(TEXTS.reportsForHr) };
    team = managed.sort()[0]!;
  }
  const { period } = resolvePeriod(deps, intent.period, org.timezone);
  const scope = team === undefined ? {} : { team };
  try {
    const [report, file] = await Promise.all([
      monthReport(deps.pool, period, scope),
      reportFileMessage(deps.pool, period, { locale, ...scope }),
    ]);
    return { card: reportCard(report), file };
  } catch (error) {
    if (error instanceof NoCloseError) return { card: noDataCard("no_data", { period }) };
    throw error;
  }
}
