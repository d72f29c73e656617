// The profile answer ("profile 王磊", "员工画像", "趋势") and the survey's button. Who may see whose
// profile follows canSeePerson (a rep their own, a manager their teams', HR and admins anyone); the
// motivation answer is shown only to the person, their manager and HR. On a platform whose cards
// draw no charts (Slack) the trend also goes as a picture, to the asker only, after the card.
import type { Card, Locale } from "../../../cards/model.ts";
import {
  MOTIVATION_LABELS,
  motivationSurveyCard,
  profileAskCard,
  profileCard,
  profilePickerCard,
  type ProfileView,
} from "../../../cards/builders/profile.ts";
import { both, formatDate, formatMetric, formatPeriod, metricLabelText, same, text } from "../../../cards/index.ts";
import type { FileMessage } from "../../outgoing-file.ts";
import { trendChart } from "../../report/profile-chart.ts";
import { type EmployeeProfile, employeeProfile } from "../../services/profile.ts";
import type { OrganizationInfo } from "../../store/kpi-inputs.ts";
import { saveMotivation, teamSalespeople } from "../../store/profile.ts";
import type { IntentOf } from "../intents.ts";
import type { ConversationChannel } from "../platform.ts";
import { canSeeMotivation, type Viewer } from "../permissions.ts";
import { auditView } from "./company.ts";
import type { ChatDeps, Person } from "./context.ts";
import { lookupPerson, subjectOf } from "./kpi.ts";

/**
 * Slack's cards draw no charts, so the trend also goes as a picture beside the card; Lark's cards
 * draw the chart elements, and the console has no files (it prints the charts' text lines).
 */
const trendPictureFor = (platform: ConversationChannel): boolean => platform === "slack";

export async function profile(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"profile">,
  platform: ConversationChannel,
  locale: Locale,
): Promise<{ card: Card; picture?: () => Promise<FileMessage> }> {
  let person: Person;
  if (intent.subject) person = await subjectOf(deps, viewer, intent.subject);
  else if (intent.query) person = await lookupPerson(deps, viewer, intent.query);
  else if (viewer.role === "manager" && viewer.managedTeamIds.length)
    return { card: profilePickerCard(await teamSalespeople(deps.pool, viewer.managedTeamIds)) };
  else if (viewer.role === "hr" || viewer.role === "admin") return { card: profileAskCard() };
  else person = { id: viewer.id, externalId: viewer.externalId, name: viewer.name, teamId: viewer.teamId };

  if (person.id !== viewer.id)
    await auditView(deps, viewer, {
      action: "view.profile",
      entity: "employee",
      entityId: person.externalId,
      details: { employee: person.externalId },
    });
  const data = await employeeProfile(deps.pool, person, { showMotivation: canSeeMotivation(viewer, person) });
  const card = profileCard(profileView(data, person.id === viewer.id, org));
  if (!trendPictureFor(platform) || data.months.length === 0 || data.metrics.length === 0) return { card };
  // Drawn after the card is sent (conversation.ts): seconds of resvg must not hold the answer back.
  return { card, picture: () => trendPicture(data, locale) };
}

/** The profile's figures as the card shows them. */
export function profileView(data: EmployeeProfile, self: boolean, org: OrganizationInfo): ProfileView {
  const view: ProfileView = {
    name: data.employee.name,
    externalId: data.employee.externalId,
    self,
    months: data.months.map((m) => formatPeriod(m.period)),
    metrics: data.metrics.map((metric) => ({
      label: metricLabelText(metric),
      values: data.months.map((m) => formatMetric(metric, m.metrics[metric] ?? null, org.currency)),
      plot: data.months.map((m) => plotValue(m.metrics[metric])),
    })),
    ranks: data.months.map((m) => ({
      rank: same(m.teamRank === null ? "—" : `${m.teamRank} / ${m.teamSize}`),
      total: same(m.total),
    })),
    training: data.training.map((c) => ({
      title: text(c.course.titleZh, c.course.titleEn),
      date: formatDate(c.completedAt, org.timezone),
      score: c.score === null ? null : text(`${c.score} 分`, `score ${c.score}`),
    })),
    potential: data.potential.map((f) => {
      const label = metricLabelText(f.metric);
      return both((l) =>
        l === "zh-CN"
          ? `${label[l]}：连续 ${f.periods.length} 个月团队第一`
          : `${label[l]}: top of the team ${f.periods.length} closed months running`,
      );
    }),
  };
  const stated = data.motivation;
  if (stated !== "hidden")
    view.motivation =
      stated === null
        ? null
        : both((l) =>
            l === "zh-CN"
              ? `${MOTIVATION_LABELS[stated.answer][l]}（${stated.quarter}）`
              : `${MOTIVATION_LABELS[stated.answer][l]} (${stated.quarter})`,
          );
  return view;
}

/** A stored decimal for drawing only (the card's texts carry the exact figure). */
function plotValue(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

async function trendPicture(data: EmployeeProfile, locale: Locale): Promise<FileMessage> {
  const periods = data.months.map((m) => m.period);
  const title =
    locale === "zh-CN"
      ? `${data.employee.name} · 最近 ${periods.length} 个已结账月份`
      : `${data.employee.name} · last ${periods.length} closed months`;
  const image = await trendChart(
    "profile-trend",
    title,
    periods,
    data.metrics.map((metric) => ({
      label: metricLabelText(metric)[locale],
      values: data.months.map((m) => plotValue(m.metrics[metric])),
    })),
  );
  return {
    file: { fileName: `pacer-profile-${data.employee.externalId}.png`, contentType: "image/png", buffer: image.png },
    comment: text(`${data.employee.name} 的趋势图`, `${data.employee.name}'s trend`),
  };
}

/** A survey button: records (or replaces) the asker's answer for the quarter; the card shows it. */
export async function motivation(deps: ChatDeps, viewer: Viewer, intent: IntentOf<"motivation">): Promise<Card> {
  await saveMotivation(deps.pool, viewer.id, intent.quarter, intent.answer, deps.now());
  return motivationSurveyCard(intent.quarter, intent.answer);
}
