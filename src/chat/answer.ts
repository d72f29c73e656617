// The chat core: an intent from a (possibly unlinked) chat user → a card, with permissions applied
// here so every platform behaves the same. Knows nothing of Slack, Lark or HTTP.
import type pg from "pg";
import type { Card, Locale } from "../../cards/model.ts";
import { text } from "../../cards/model.ts";
import {
  comingSoonCard,
  detailsCard,
  errorCard,
  helpCard,
  languageSwitchedCard,
  leaderboardCard,
  linkedCard,
  mutedCard,
  noDataCard,
  notLinkedCard,
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
import { canSeePerson, canSeeReports, defaultTeam, teamAccess, type Viewer } from "./permissions.ts";
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
  if (asker.employeeId === null) return { card: notLinkedCard({ platform: asker.platform }), personal: true, locale: orgLocale };
  const viewer = await loadViewer(deps.pool, asker.employeeId);
  if (!viewer) return { card: notLinkedCard({ platform: asker.platform }), personal: true, locale: orgLocale };
  let locale: Locale = viewer.locale === "en" || viewer.locale === "zh-CN" ? viewer.locale : orgLocale;

  try {
    switch (intent.kind) {
      case "language":
        await deps.pool.query(`UPDATE employees SET locale = $1, updated_at = now() WHERE id = $2`, [intent.locale, viewer.id]);
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
      case "onboarding":
        return { card: comingSoonCard(intent.kind), personal: true, locale };
      case "report": {
        if (!canSeeReports(viewer)) return { card: errorCard(text("月度分析报告仅供人事和管理员查看。", "Month-end reports are for HR and admins.")), personal: true, locale };
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
        return { ...(await progress(deps, org, viewer, { kind: "progress", period: intent.period, subject: person.externalId }, asker)), locale };
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
    if (error instanceof NotScoredError) return { card: noDataCard("not_scored"), personal: true, locale };
    deps.log?.error({ err: error, intent }, "chat answer failed");
    return {
      card: errorCard(text("出了点问题，请稍后再试。管理员可在日志中查看详情。", "Something went wrong; please try again later. An admin can find the details in the log.")),
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
  if (!externalId || externalId === viewer.externalId) return { id: viewer.id, externalId: viewer.externalId, name: viewer.name, teamId: viewer.teamId };
  const res = await deps.pool.query<{ id: number; external_id: string; name: string; team_id: number | null }>(
    `SELECT id, external_id, name, team_id FROM employees WHERE external_id = $1`,
    [externalId],
  );
  const row = res.rows[0];
  // An unknown person and one the viewer may not see get the same answer: nothing leaks.
  if (!row || !canSeePerson(viewer, { id: row.id, teamId: row.team_id })) throw new Refusal(errorCard(text("你没有权限查看此人的数据。", "You can't see this person's numbers.")));
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
  if (visible.length === 0) throw new Refusal(errorCard(text(`找不到你可以查看的“${query}”。`, `No one called "${query}" whose numbers you can see.`)));
  if (visible.length > 1)
    throw new Refusal(
      errorCard(text(`有多人叫“${query}”：${visible.map((r) => r.external_id).join("、")}，请用工号。`, `Several people match "${query}": ${visible.map((r) => r.external_id).join(", ")}; use the employee id.`)),
    );
  const r = visible[0]!;
  return { id: r.id, externalId: r.external_id, name: r.name, teamId: r.team_id };
}

async function progress(deps: ChatDeps, org: OrganizationInfo, viewer: Viewer, intent: IntentOf<"progress">, asker: Asker): Promise<Omit<Reply, "locale">> {
  const tz = org.timezone;
  // A manager asking "how far from target?" gets the team view; HR and admins have no personal KPI.
  if (!intent.subject && viewer.role !== "sales") {
    const team = defaultTeam(viewer);
    if (team === null) return { card: noDataCard("no_team"), personal: true };
    return leaderboard(deps, org, viewer, { kind: "leaderboard", period: intent.period }, asker);
  }
  const person = await subjectOf(deps, viewer, intent.subject);
  const p = await progressFor(deps.pool, person.externalId, asOfFor(deps, intent.period, tz));
  const score = p.weakest ? await recommendCourse(deps.pool, p.weakest.metric).catch(() => null) : null;
  return {
    card: progressCard(p, { recommendation: score, viewer: person.id === viewer.id ? "self" : "manager", showButtons: true }),
    personal: true,
  };
}

async function leaderboard(deps: ChatDeps, org: OrganizationInfo, viewer: Viewer, intent: IntentOf<"leaderboard">, asker: Asker): Promise<Omit<Reply, "locale">> {
  let teamId = defaultTeam(viewer);
  if (intent.team) {
    const res = await deps.pool.query<{ id: number }>(`SELECT id FROM teams WHERE external_id = $1`, [intent.team]);
    teamId = res.rows[0]?.id ?? null;
  }
  if (teamId === null) return { card: noDataCard("no_team"), personal: true };
  const access = teamAccess(viewer, teamId);
  if (access === "none") return { card: errorCard(text("你没有权限查看这个团队。", "You can't see this team.")), personal: true };
  const board = await leaderboardFor(deps.pool, teamId, asOfFor(deps, intent.period, org.timezone));
  const audience = access === "full" ? "manager" : asker.inGroup ? "channel" : "member";
  return {
    card: leaderboardCard(board, { audience, askerExternalId: viewer.externalId, currency: org.currency }),
    // Managers' full detail is for them only; the names-and-scores board may be shown in a channel.
    personal: audience === "manager" || !asker.inGroup,
  };
}
