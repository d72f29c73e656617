// The chat core: an intent from a (possibly unlinked) chat user → a card, with permissions applied
// here so every platform behaves the same. Knows nothing of Slack, Lark or HTTP.
import type pg from "pg";
import type { Card, Locale, Text } from "../../cards/model.ts";
import { text } from "../../cards/model.ts";
import {
  candidateCard,
  detailsCard,
  errorCard,
  helpCard,
  languageSwitchedCard,
  leaderboardCard,
  linkedCard,
  mutedCard,
  noDataCard,
  notLinkedCard,
  offersCard,
  onboardingCard,
  screeningCard,
  progressCard,
  reportCard,
  unpaidCard,
} from "../../cards/index.ts";
import type { Logger } from "../log.ts";
import { addPeriods, periodBounds, periodOfInstant } from "../kpi/period.ts";
import { explainMetric, unpaidReceivables } from "../services/explain.ts";
import { leaderboardFor } from "../services/leaderboard.ts";
import { NotScoredError, progressFor } from "../services/progress.ts";
import { recommendCourse } from "../services/recommend.ts";
import { loadOrganization, NoOrganizationError, type OrganizationInfo } from "../store/kpi-inputs.ts";
import { loadViewer, type Platform } from "./identity.ts";
import type { Intent, IntentOf, PeriodRef } from "./intents.ts";
import type { MetricKey } from "../kpi/metrics.ts";
import { canSeePerson, canSeeReports, defaultTeam, recruitmentAccess, teamAccess, type Viewer } from "./permissions.ts";
import { listOffers, offerAction, screenOpening } from "../services/recruitment.ts";
import { onboardingStatus } from "../services/onboarding.ts";
import { RecruitError } from "../recruit/errors.ts";
import { monthReport, NoCloseError } from "../services/report.ts";

export interface ChatDeps {
  pool: pg.Pool;
  now: () => Date;
  log?: Logger;
}

export interface Asker {
  /** Null when the chat account is not linked to an employee. */
  employeeId: number | null;
  platform: Platform | "console";
  /** Asked in a group chat (answers with personal numbers go to the asker only). */
  inGroup: boolean;
}

export interface Reply {
  card: Card;
  /** Personal numbers: show only to the asker in a group chat. */
  personal: boolean;
  locale: Locale;
}

type Person = { id: number; externalId: string; name: string; teamId: number | null };

class Refusal extends Error {
  constructor(readonly card: Card) {
    super("refused");
  }
}

export async function answer(deps: ChatDeps, asker: Asker, intent: Intent): Promise<Reply> {
  let org: OrganizationInfo;
  try {
    org = await loadOrganization(deps.pool);
  } catch (error) {
    if (!(error instanceof NoOrganizationError)) throw error;
    return { card: noDataCard("no_organization"), personal: true, locale: "zh-CN" };
  }
  const orgLocale: Locale = org.defaultLocale;
  if (asker.employeeId === null)
    return { card: notLinkedCard({ platform: asker.platform }), personal: true, locale: orgLocale };
  const viewer = await loadViewer(deps.pool, asker.employeeId);
  if (!viewer) return { card: notLinkedCard({ platform: asker.platform }), personal: true, locale: orgLocale };
  let locale: Locale = viewer.locale === "en" || viewer.locale === "zh-CN" ? viewer.locale : orgLocale;

  try {
    switch (intent.kind) {
      case "language":
        await deps.pool.query(`UPDATE employees SET locale = $1, updated_at = now() WHERE id = $2`, [
          intent.locale,
          viewer.id,
        ]);
        locale = intent.locale;
        return { card: languageSwitchedCard(intent.locale), personal: true, locale };
      case "mute":
        await deps.pool.query(`UPDATE employees SET daily_muted = $1 WHERE id = $2`, [intent.on, viewer.id]);
        return { card: mutedCard(intent.on), personal: true, locale };
      case "help":
        return { card: helpCard({ role: viewer.role }), personal: true, locale };
      case "unknown":
        return { card: helpCard({ role: viewer.role, didNotUnderstand: intent.text }), personal: true, locale };
      case "link":
        return { card: linkedCard({ name: viewer.name, externalId: viewer.externalId }), personal: true, locale };
      case "offers":
      case "offer_action":
        return {
          card: await offers(deps, org, viewer, intent.kind === "offer_action" ? intent : null),
          personal: true,
          locale,
        };
      case "onboarding":
        return { card: await onboarding(deps, org, viewer), personal: true, locale };
      case "screening":
        return { card: await screening(deps, org, viewer, intent.opening), personal: true, locale };
      case "candidate":
        return { card: await candidate(deps, org, viewer, intent.query), personal: true, locale };
      case "report": {
        if (!canSeeReports(viewer))
          return {
            card: errorCard(text("月度分析报告仅供人事和管理员查看。", "Month-end reports are for HR and admins.")),
            personal: true,
            locale,
          };
        const { period } = resolvePeriod(deps, intent.period, org.timezone);
        try {
          return { card: reportCard(await monthReport(deps.pool, period)), personal: true, locale };
        } catch (error) {
          if (error instanceof NoCloseError) return { card: noDataCard("no_data", { period }), personal: true, locale };
          throw error;
        }
      }
      case "progress":
        return { ...(await progress(deps, org, viewer, intent, asker)), locale };
      case "lookup": {
        const person = await lookupPerson(deps, viewer, intent.query);
        return {
          ...(await progress(
            deps,
            org,
            viewer,
            { kind: "progress", period: intent.period, subject: person.externalId },
            asker,
          )),
          locale,
        };
      }
      case "details": {
        const person = await subjectOf(deps, viewer, intent.subject);
        const { period, asOf } = resolvePeriod(deps, intent.period, org.timezone);
        const explanation = await explainMetric(deps.pool, {
          employeeId: person.id,
          period,
          metric: intent.metric ?? "booked_revenue",
          page: intent.page,
          ...(asOf ? { asOf } : {}),
        });
        const planMetrics = await deps.pool.query<{ metric: MetricKey }>(
          `SELECT i.metric::text AS metric FROM employees e JOIN kpi_plan_items i ON i.plan_id = e.plan_id WHERE e.id = $1 ORDER BY i.position`,
          [person.id],
        );
        const card = detailsCard(explanation, {
          timezone: org.timezone,
          currency: org.currency,
          employeeName: person.name,
          metrics: planMetrics.rows.map((r) => r.metric),
          ...(person.id !== viewer.id ? { subject: person.externalId } : {}),
        });
        return { card, personal: true, locale };
      }
      case "unpaid": {
        const person = await subjectOf(deps, viewer, intent.subject);
        const unpaid = await unpaidReceivables(deps.pool, person.id, deps.now(), { page: intent.page });
        const card = unpaidCard(unpaid, {
          timezone: org.timezone,
          currency: org.currency,
          employeeName: person.name,
          ...(person.id !== viewer.id ? { subject: person.externalId } : {}),
        });
        return { card, personal: true, locale };
      }
      case "leaderboard":
        return { ...(await leaderboard(deps, org, viewer, intent, asker)), locale };
    }
  } catch (error) {
    if (error instanceof Refusal) return { card: error.card, personal: true, locale };
    if (error instanceof RecruitError)
      return { card: errorCard(text(error.messageFor("zh-CN"), error.messageFor("en"))), personal: true, locale };
    if (error instanceof NotScoredError) return { card: noDataCard("not_scored"), personal: true, locale };
    deps.log?.error({ err: error, intent }, "chat answer failed");
    return {
      card: errorCard(
        text(
          "出了点问题，请稍后再试。管理员可在日志中查看详情。",
          "Something went wrong; please try again later. An admin can find the details in the log.",
        ),
      ),
      personal: true,
      locale,
    };
  }
}

/** "current" → as of now; "previous" / "YYYY-MM" → that whole period (as of its last instant). */
function resolvePeriod(deps: ChatDeps, ref: PeriodRef, tz: string): { period: string; asOf?: Date } {
  const now = deps.now();
  const current = periodOfInstant(now, tz);
  const period = ref === "current" ? current : ref === "previous" ? addPeriods(current, -1) : ref;
  if (period === current) return { period, asOf: now };
  if (period > current) throw new Refusal(noDataCard("future_period"));
  return { period };
}

/** The instant a progress answer is computed at: now, or the last instant of a past period. */
function asOfFor(deps: ChatDeps, ref: PeriodRef, tz: string): Date {
  const { period, asOf } = resolvePeriod(deps, ref, tz);
  return asOf ?? new Date(periodBounds(period, tz).end.getTime() - 1);
}

async function subjectOf(deps: ChatDeps, viewer: Viewer, externalId: string | undefined): Promise<Person> {
  if (!externalId || externalId === viewer.externalId)
    return { id: viewer.id, externalId: viewer.externalId, name: viewer.name, teamId: viewer.teamId };
  const res = await deps.pool.query<{ id: number; external_id: string; name: string; team_id: number | null }>(
    `SELECT id, external_id, name, team_id FROM employees WHERE external_id = $1`,
    [externalId],
  );
  const row = res.rows[0];
  // An unknown person and one the viewer may not see get the same answer: nothing leaks.
  if (!row || !canSeePerson(viewer, { id: row.id, teamId: row.team_id }))
    throw new Refusal(errorCard(text("你没有权限查看此人的数据。", "You can't see this person's numbers.")));
  return { id: row.id, externalId: row.external_id, name: row.name, teamId: row.team_id };
}

/** A teammate by chat mention ("@U123") or by name / externalId, among those the viewer may see. */
async function lookupPerson(deps: ChatDeps, viewer: Viewer, query: string): Promise<Person> {
  let rows: { id: number; external_id: string; name: string; team_id: number | null }[];
  if (query.startsWith("@")) {
    const res = await deps.pool.query(
      `SELECT e.id, e.external_id, e.name, e.team_id FROM chat_identities c JOIN employees e ON e.id = c.employee_id WHERE c.user_id = $1`,
      [query.slice(1)],
    );
    rows = res.rows;
  } else {
    const res = await deps.pool.query(
      `SELECT id, external_id, name, team_id FROM employees WHERE status <> 'left' AND (lower(name) = lower($1) OR lower(external_id) = lower($1)) LIMIT 20`,
      [query.trim()],
    );
    rows = res.rows;
  }
  const visible = rows.filter((r) => canSeePerson(viewer, { id: r.id, teamId: r.team_id }));
  if (visible.length === 0)
    throw new Refusal(
      errorCard(text(`找不到你可以查看的“${query}”。`, `No one called "${query}" whose numbers you can see.`)),
    );
  if (visible.length > 1)
    throw new Refusal(
      errorCard(
        text(
          `有多人叫“${query}”：${visible.map((r) => r.external_id).join("、")}，请用工号。`,
          `Several people match "${query}": ${visible.map((r) => r.external_id).join(", ")}; use the employee id.`,
        ),
      ),
    );
  const r = visible[0]!;
  return { id: r.id, externalId: r.external_id, name: r.name, teamId: r.team_id };
}

async function progress(
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
    if (team === null) return { card: noDataCard("no_team"), personal: true };
    return leaderboard(deps, org, viewer, { kind: "leaderboard", period: intent.period }, asker);
  }
  const person = await subjectOf(deps, viewer, intent.subject);
  const p = await progressFor(deps.pool, person.externalId, asOfFor(deps, intent.period, tz), {
    organization: org,
    employee: { id: person.id, teamId: person.teamId },
  });
  const score = p.weakest ? await recommendCourse(deps.pool, p.weakest.metric).catch(() => null) : null;
  return {
    card: progressCard(p, {
      recommendation: score,
      viewer: person.id === viewer.id ? "self" : "manager",
      showButtons: true,
    }),
    personal: true,
  };
}

async function leaderboard(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"leaderboard">,
  asker: Asker,
): Promise<Omit<Reply, "locale">> {
  let teamId = defaultTeam(viewer);
  if (intent.team) {
    const res = await deps.pool.query<{ id: number }>(`SELECT id FROM teams WHERE external_id = $1`, [intent.team]);
    teamId = res.rows[0]?.id ?? null;
  }
  if (teamId === null) return { card: noDataCard("no_team"), personal: true };
  const access = teamAccess(viewer, teamId);
  if (access === "none")
    return { card: errorCard(text("你没有权限查看这个团队。", "You can't see this team.")), personal: true };
  const board = await leaderboardFor(deps.pool, teamId, asOfFor(deps, intent.period, org.timezone), {
    organization: org,
  });
  const audience = access === "full" ? "manager" : asker.inGroup ? "channel" : "member";
  return {
    card: leaderboardCard(board, { audience, askerExternalId: viewer.externalId, currency: org.currency }),
    // Managers' full detail is for them only; the names-and-scores board may be shown in a channel.
    personal: audience === "manager" || !asker.inGroup,
  };
}

const HR_ONLY = () =>
  new Refusal(
    errorCard(
      text(
        "招聘和入职信息仅供人事、管理员和招聘经理查看。",
        "Recruitment and onboarding are for HR, admins and hiring managers.",
      ),
    ),
  );

/** HR's offers card; a button press (offer_action) acts first and shows the result on top. */
async function offers(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  action: IntentOf<"offer_action"> | null,
): Promise<Card> {
  const access = recruitmentAccess(viewer);
  if (access === "none") throw HR_ONLY();
  const now = deps.now();
  let notice: Text | undefined;
  if (action) {
    // Answering offers is HR's job; hiring managers see their openings' offers read-only.
    if (access !== "all") throw new Refusal(errorCard(text("只有人事可以处理 offer。", "Only HR can act on offers.")));
    const kind =
      action.action === "extend" ? { kind: "extend" as const, days: action.days ?? 3 } : { kind: action.action };
    try {
      await offerAction(deps.pool, {
        offerExternalId: action.offer,
        action: kind,
        actor: `${viewer.externalId} (${viewer.name})`,
        now,
      });
      notice = OFFER_DONE[action.action](action.offer, action.days ?? 3);
    } catch (error) {
      if (!(error instanceof RecruitError)) throw error;
      notice = text(error.messageFor("zh-CN"), error.messageFor("en"));
    }
  }
  const list = await listOffers(deps.pool, {
    now,
    scope: "attention",
    ...(access === "own" ? { hiringManagerExternalId: viewer.externalId } : {}),
  });
  return offersCard(list, { timezone: org.timezone, now, canAct: access === "all", ...(notice ? { notice } : {}) });
}

const OFFER_DONE: Record<IntentOf<"offer_action">["action"], (offer: string, days: number) => Text> = {
  accept: (o) => text(`已将 ${o} 标记为接受。`, `Marked ${o} accepted.`),
  decline: (o) => text(`已将 ${o} 标记为拒绝。`, `Marked ${o} declined.`),
  extend: (o, d) => text(`${o} 的答复期限已延长 ${d} 天。`, `Extended ${o}'s deadline by ${d} days.`),
  remind: (o) => text(`已记录对 ${o} 候选人的提醒。`, `Logged a reminder to ${o}'s candidate.`),
};

/** New hires' onboarding and probation: HR and admins see everyone, a manager their teams. */
async function onboarding(deps: ChatDeps, org: OrganizationInfo, viewer: Viewer): Promise<Card> {
  if (!canSeeReports(viewer) && viewer.role !== "manager") throw HR_ONLY();
  const status = await onboardingStatus(deps.pool, { asOf: deps.now() });
  if (viewer.role === "manager") {
    const teams = await deps.pool.query<{ external_id: string }>(
      `SELECT external_id FROM teams WHERE id = ANY($1::int[])`,
      [viewer.managedTeamIds],
    );
    const mine = new Set(teams.rows.map((r) => r.external_id));
    status.newHires = status.newHires.filter(
      (h) => h.employee.teamExternalId !== null && mine.has(h.employee.teamExternalId),
    );
  }
  return onboardingCard(status, { timezone: org.timezone });
}

/** Openings the viewer may see: all for HR and admins, their own for hiring managers. */
async function visibleOpenings(deps: ChatDeps, viewer: Viewer): Promise<string[]> {
  const access = recruitmentAccess(viewer);
  if (access === "none") throw HR_ONLY();
  const res = await deps.pool.query<{ external_id: string }>(
    `SELECT j.external_id FROM job_openings j LEFT JOIN teams t ON t.id = j.team_id
     WHERE j.status = 'open' AND ($1::int IS NULL OR COALESCE(j.owner_id, t.manager_id) = $1)
     ORDER BY j.external_id COLLATE "C"`,
    [access === "own" ? viewer.id : null],
  );
  return res.rows.map((r) => r.external_id);
}

async function screening(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  opening: string | undefined,
): Promise<Card> {
  const openings = await visibleOpenings(deps, viewer);
  const chosen = opening ?? openings[0];
  // An opening the viewer may not see answers like one that does not exist.
  if (!chosen || !openings.includes(chosen)) return noDataCard("no_data");
  return screeningCard(await screenOpening(deps.pool, chosen), { timezone: org.timezone });
}

async function candidate(deps: ChatDeps, org: OrganizationInfo, viewer: Viewer, query: string): Promise<Card> {
  const openings = await visibleOpenings(deps, viewer);
  const res = await deps.pool.query<{ candidate: string; opening: string }>(
    `SELECT c.external_id AS candidate, j.external_id AS opening FROM candidates c
     JOIN applications a ON a.candidate_id = c.id JOIN job_openings j ON j.id = a.opening_id
     WHERE (lower(c.name) = lower($1) OR lower(c.external_id) = lower($1)) AND j.external_id = ANY($2::text[])
     ORDER BY a.applied_at DESC LIMIT 1`,
    [query.trim(), openings],
  );
  const hit = res.rows[0];
  if (!hit)
    throw new Refusal(
      errorCard(text(`找不到你可以查看的候选人“${query}”。`, `No candidate "${query}" that you can see.`)),
    );
  const ranking = await screenOpening(deps.pool, hit.opening);
  const entry = ranking.candidates.find((c) => c.candidateExternalId === hit.candidate);
  if (!entry) return noDataCard("no_data");
  return candidateCard(entry, {
    timezone: org.timezone,
    opening: ranking.opening,
    candidates: ranking.candidates.length,
  });
}
