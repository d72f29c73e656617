// The card of each kind of scheduled message, built when it is sent (from the services the chat
// answers use, so a scheduled card and an answer never disagree). Every card carries its as-of
// time and data freshness (the builders' freshness line; the admin notice has its own).
import type pg from "pg";
import {
  hrDigestCard,
  leaderboardCard,
  milestoneAlertCard,
  offersCard,
  progressCard,
  text,
  type Card,
  type CardElement,
  type Locale,
  type Text,
} from "../../cards/index.ts";
import { hrDigest, listOffers } from "../services/recruitment.ts";
import { milestoneAlerts } from "../services/onboarding.ts";
import { formatDateTime, formatPeriod } from "../../cards/format.ts";
import type { DeliveryContent } from "./delivery-payload.ts";
import { periodBounds } from "../kpi/period.ts";
import { leaderboardFor, UnknownTeamError } from "../services/leaderboard.ts";
import { NotScoredError, progressFor } from "../services/progress.ts";
import { recommendCourse } from "../services/recommend.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import type { Contact } from "../store/jobs.ts";

export type Built = { card: Card; locale: Locale } | { skip: string };

export async function buildContent(pool: pg.Pool, content: DeliveryContent, contact: Contact | null): Promise<Built> {
  const org = await loadOrganization(pool);
  const locale: Locale = contact?.locale === "en" || contact?.locale === "zh-CN" ? contact.locale : org.defaultLocale;
  try {
    switch (content.type) {
      case "progress": {
        if (!contact) return { skip: "a progress card needs a person" };
        const p = await progressFor(pool, contact.externalId, new Date(content.asOf));
        const recommendation = p.weakest ? await recommendCourse(pool, p.weakest.metric).catch(() => null) : null;
        return { card: progressCard(p, { recommendation, viewer: "self", showButtons: true }), locale };
      }
      case "leaderboard": {
        const board = await leaderboardFor(pool, content.teamId, new Date(content.asOf));
        if (content.audience === "manager")
          return {
            card: leaderboardCard(board, {
              audience: "manager",
              ...(contact ? { askerExternalId: contact.externalId } : {}),
              currency: org.currency,
            }),
            locale,
          };
        const card = leaderboardCard(board, { audience: "channel", topN: content.topN, currency: org.currency });
        return { card: content.privacy === "goal_only" ? goalOnly(card) : card, locale };
      }
      case "final": {
        if (!contact) return { skip: "a final card needs a person" };
        const end = new Date(periodBounds(content.period, org.timezone).end.getTime() - 1);
        const p = await progressFor(pool, contact.externalId, end);
        return {
          card: asFinal(
            progressCard(p, { recommendation: null, viewer: "self", showButtons: false }),
            content.period,
            content.version,
          ),
          locale,
        };
      }
      case "team-report": {
        const end = new Date(periodBounds(content.period, org.timezone).end.getTime() - 1);
        const board = await leaderboardFor(pool, content.teamId, end);
        const card = leaderboardCard(board, {
          audience: "manager",
          ...(contact ? { askerExternalId: contact.externalId } : {}),
          currency: org.currency,
        });
        return { card: asFinal(card, content.period, content.version), locale };
      }
      case "admin-notice":
        return { card: adminNoticeCard(content, org.timezone), locale };
      case "hr-digest":
        return {
          card: hrDigestCard(await hrDigest(pool, { now: new Date(content.asOf) }), { timezone: org.timezone }),
          locale,
        };
      case "offer-nudge": {
        const now = new Date(content.asOf);
        const offer = (await listOffers(pool, { now, scope: "all" })).find((o) => o.externalId === content.offer);
        // Answered (or withdrawn) since the nudge was planned: nothing to nudge about.
        if (offer?.status !== "pending") return { skip: `offer ${content.offer} is no longer pending` };
        return {
          card: offersCard([offer], {
            timezone: org.timezone,
            now,
            canAct: content.hr,
            notice: NUDGE_NOTICE[content.nudge],
          }),
          locale,
        };
      }
      case "milestone-alert": {
        const alert = (await milestoneAlerts(pool, { date: content.date })).find(
          (a) => a.idempotencyKey === content.alertKey,
        );
        if (!alert) return { skip: `milestone alert ${content.alertKey} no longer applies` };
        return { card: milestoneAlertCard(alert, { timezone: org.timezone }), locale };
      }
    }
  } catch (error) {
    // The person or team is no longer scored (plan removed, team deleted): nothing to send.
    if (error instanceof NotScoredError || error instanceof UnknownTeamError) return { skip: error.message };
    throw error;
  }
}

/** The channel card without anyone's row: only the team goal, bonus tier and how to ask. */
function goalOnly(card: Card): Card {
  const elements: CardElement[] = card.elements.filter((e) => e.type !== "table");
  elements.unshift({
    type: "text",
    text: text(
      "本频道只显示团队目标进度。想知道自己的排名？私信我“团队排名”。",
      'This channel shows the team goal only. Want your own rank? DM me "team".',
    ),
  });
  return { ...card, elements, summary: card.header.title };
}

/** Marks a card as the month's final result, with the snapshot version it matches. */
function asFinal(card: Card, period: string, version: number): Card {
  const month = formatPeriod(period);
  const note: CardElement = {
    type: "context",
    text: text(
      `${month["zh-CN"]}已结算（第 ${version} 版），以上为最终成绩。`,
      `${month.en} is closed (version ${version}); these are the final figures.`,
    ),
  };
  return {
    ...card,
    header: {
      ...card.header,
      title: { "zh-CN": `最终成绩 · ${card.header.title["zh-CN"]}`, en: `Final · ${card.header.title.en}` },
    },
    elements: [...card.elements, note],
    summary: { "zh-CN": `最终成绩 · ${card.summary["zh-CN"]}`, en: `Final · ${card.summary.en}` },
  };
}

type AdminNotice = Extract<DeliveryContent, { type: "admin-notice" }>;

export function adminNoticeCard(notice: AdminNotice, timezone: string): Card {
  const elements: CardElement[] = [];
  const n = notice.failed.length + notice.unlinked.length;
  const summary =
    n > 0
      ? text(`${notice.run}：${n} 条未送达`, `${notice.run}: ${n} not delivered`)
      : text(`${notice.run}：需要处理`, `${notice.run}: needs attention`);
  if (notice.failed.length)
    elements.push({
      type: "text",
      markdown: true,
      text: text(
        `*发送失败（已放弃重试）：*\n${notice.failed.map((f) => `• ${f.name}${f.externalId ? ` (${f.externalId})` : ""} — ${f.error}`).join("\n")}`,
        `*Not delivered (gave up retrying):*\n${notice.failed.map((f) => `• ${f.name}${f.externalId ? ` (${f.externalId})` : ""} — ${f.error}`).join("\n")}`,
      ),
    });
  if (notice.unlinked.length)
    elements.push({
      type: "text",
      markdown: true,
      text: text(
        `*未关联聊天账号（邮箱也未匹配），已跳过：*\n${notice.unlinked.map((u) => `• ${u.name} (${u.externalId})${u.email ? ` ${u.email}` : ""}`).join("\n")}\n用 \`pacer link <工号> --slack U… | --lark ou_…\` 关联。每人只提醒一次。`,
        `*Not linked to a chat account (no email match), skipped:*\n${notice.unlinked.map((u) => `• ${u.name} (${u.externalId})${u.email ? ` ${u.email}` : ""}`).join("\n")}\nLink them with \`pacer link <employee> --slack U… | --lark ou_…\`. Each person is listed once.`,
      ),
    });
  for (const note of notice.notes) elements.push({ type: "text", text: text(note, note) });
  const when = formatDateTime(notice.asOf, timezone);
  elements.push({
    type: "context",
    text: text(`截至 ${when["zh-CN"]}（${timezone}）`, `as of ${when.en} (${timezone})`),
  });
  return {
    header: {
      title: text(`Pacer 推送报告：${notice.run}`, `Pacer delivery report: ${notice.run}`),
      subtitle: when,
      tone: notice.failed.length ? "bad" : "warning",
    },
    elements,
    summary,
  };
}

const NUDGE_NOTICE: Record<"t48" | "t24" | "overdue", Text> = {
  t48: text("提醒：这个 offer 还有约 48 小时到期。", "Reminder: this offer's deadline is about 48 hours away."),
  t24: text("提醒：这个 offer 还有约 24 小时到期。", "Reminder: this offer's deadline is about 24 hours away."),
  overdue: text(
    "升级：这个 offer 已过答复期限，请跟进。",
    "Escalation: this offer is past its deadline; please follow up.",
  ),
};
