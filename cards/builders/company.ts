// HR's and admins' view of the whole company (read-only): every team's standing — average score,
// team-goal completion, bonus tier reached, how many are at risk — with the top performers, and the
// list of teams to pick one leaderboard from when a "team" question names none. Buttons only open
// other read-only answers; nothing here changes data.
import type { CompanyOverview, TeamStanding } from "../../src/services/company.ts";
import type { TeamRow } from "../../src/store/company.ts";
import { formatDateTime, formatPeriod, metricLabelText, NONE, percentString, previousPeriod } from "../format.ts";
import { type Button, type Card, type CardElement, same, type Text, text } from "../model.ts";
import { both, button, freshnessContext } from "./common.ts";

/** Team buttons on one card (Slack allows 25 elements in an actions block; the table lists them all). */
export const MAX_TEAM_BUTTONS = 10;

const teamButton = (i: number, team: { externalId: string; name: string }, period: string): Button =>
  button(`team_${i + 1}`, same(team.name), { kind: "leaderboard", period, team: team.externalId });

function goalText(team: TeamStanding): Text {
  if (!team.goal) return text("无团队目标", "no team goal");
  const label = metricLabelText(team.goal.metric);
  const pct = team.goal.completion === null ? NONE : same(percentString(team.goal.completion));
  return both((l) => `${label[l]} ${pct[l]}`);
}

function tierText(team: TeamStanding): Text {
  if (!team.goal || team.goal.tierMinCompletion === null) return text("未达档", "none yet");
  const pct = percentString(team.goal.tierMinCompletion, 0);
  return text(`${pct} 档 · 每人 +${team.goal.bonus}`, `${pct} tier · +${team.goal.bonus} each`);
}

const NO_TEAMS = text("还没有任何团队。", "There are no teams yet.");
export function companyCard(overview: CompanyOverview): Card {
  const period = formatPeriod(overview.period);
  const elements: CardElement[] = [];
  if (overview.teams.length === 0) {
    elements.push({ type: "text", text: NO_TEAMS });
  } else {
    elements.push({
      type: "table",
      columns: [
        { key: "team", label: text("团队", "Team") },
        { key: "members", label: text("人数", "People"), align: "right" },
        { key: "average", label: text("平均分", "Avg score"), align: "right" },
        { key: "goal", label: text("团队目标完成", "Team goal") },
        { key: "tier", label: text("奖励档", "Bonus tier") },
        { key: "risk", label: text("落后人数", "At risk"), align: "right" },
      ],
      rows: overview.teams.map((t) => ({
        team: same(t.name),
        members: same(String(t.members)),
        average: t.averageScore === null ? same("—") : same(t.averageScore),
        goal: goalText(t),
        tier: tierText(t),
        risk: same(String(t.atRisk)),
      })),
    });
  }
  if (overview.top.length > 0) {
    elements.push({ type: "divider" });
    elements.push({ type: "text", text: text("全公司前几名", "Top performers"), markdown: true });
    elements.push({
      type: "table",
      columns: [
        { key: "rank", label: text("排名", "Rank"), align: "right" },
        { key: "name", label: text("姓名", "Name") },
        { key: "team", label: text("团队", "Team") },
        { key: "total", label: text("总分", "Score"), align: "right" },
      ],
      rows: overview.top.map((p) => ({
        rank: same(String(p.rank)),
        name: same(p.name),
        team: same(p.team),
        total: same(p.total),
      })),
    });
  }
  elements.push(freshnessContext(overview.dataFreshness, overview.asOf, overview.timezone));
  const buttons = overview.teams.slice(0, MAX_TEAM_BUTTONS).map((t, i) => teamButton(i, t, overview.period));
  buttons.push(
    button("company_prev", text("上个月", "Last month"), { kind: "company", period: previousPeriod(overview.period) }),
  );
  elements.push({ type: "actions", buttons });

  const atRisk = overview.teams.reduce((n, t) => n + t.atRisk, 0);
  const asOf = formatDateTime(overview.asOf, overview.timezone);
  const best = overview.top[0];
  return {
    header: {
      title: both((l) => (l === "zh-CN" ? `全公司 · ${period[l]}排名` : `Company · ${period[l]} standings`)),
      subtitle: text(
        `${overview.teams.length} 个团队 · ${atRisk} 人落后 · ${asOf["zh-CN"]}`,
        `${overview.teams.length} ${overview.teams.length === 1 ? "team" : "teams"} · ${atRisk} at risk · ${asOf.en}`,
      ),
      tone: "info",
    },
    elements,
    summary: text(
      `全公司 ${period["zh-CN"]}：${overview.teams.length} 个团队，${atRisk} 人落后${best ? `，第一名 ${best.name} ${best.total}` : ""}`,
      `Company ${period.en}: ${overview.teams.length} teams, ${atRisk} at risk${best ? `, top: ${best.name} ${best.total}` : ""}`,
    ),
  };
}

/** "Which team?": every team with its manager and size, a button per team opening its board. */
export function teamPickerCard(teams: readonly TeamRow[], options: { period: string; notice?: Text }): Card {
  const period = formatPeriod(options.period);
  const elements: CardElement[] = [];
  if (options.notice) elements.push({ type: "text", text: options.notice });
  if (teams.length === 0) {
    elements.push({ type: "text", text: NO_TEAMS });
  } else {
    elements.push({
      type: "table",
      columns: [
        { key: "team", label: text("团队", "Team") },
        { key: "id", label: text("编号", "Id") },
        { key: "manager", label: text("经理", "Manager") },
        { key: "members", label: text("人数", "People"), align: "right" },
      ],
      rows: teams.map((t) => ({
        team: same(t.name),
        id: same(t.externalId),
        manager: t.managerName === null ? same("—") : same(t.managerName),
        members: same(String(t.members)),
      })),
    });
    elements.push({
      type: "context",
      text: text(
        "点按钮查看团队排名，或发送“团队 <名称或编号>”。",
        'Press a button for a team\'s ranking, or send "team <name or id>".',
      ),
    });
  }
  const buttons = teams.slice(0, MAX_TEAM_BUTTONS).map((t, i) => teamButton(i, t, options.period));
  buttons.push(button("company", text("全公司概览", "Company overview"), { kind: "company", period: options.period }));
  elements.push({ type: "actions", buttons });
  return {
    header: {
      title: both((l) => (l === "zh-CN" ? `选择团队 · ${period[l]}` : `Pick a team · ${period[l]}`)),
      subtitle: text(`${teams.length} 个团队`, `${teams.length} ${teams.length === 1 ? "team" : "teams"}`),
      tone: "info",
    },
    elements,
    summary: text(
      `选择团队：${teams.map((t) => t.name).join("、")}`,
      `Pick a team: ${teams.map((t) => t.name).join(", ")}`,
    ),
  };
}
