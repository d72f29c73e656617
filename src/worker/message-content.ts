// The card of each kind of scheduled message, built when it is sent: the data comes from the
// services the chat answers use (so a scheduled card and an answer never disagree), the card from
// the builders in cards/ (the scheduled-only ones in cards/builders/job-messages.ts). Every card
// carries its as-of time and data freshness (the builders' freshness line; the admin notice has its own).
import type pg from "pg";
import {
  hrDigestCard,
  leaderboardCard,
  milestoneAlertCard,
  offersCard,
  progressCard,
  type Card,
  type Locale,
} from "../../cards/index.ts";
import { adminNoticeCard, finalCard, goalOnlyCard, NUDGE_NOTICE } from "../../cards/builders/job-messages.ts";
import { hrDigest, listOffers } from "../services/recruitment.ts";
import { milestoneAlerts } from "../services/onboarding.ts";
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
        return { card: content.privacy === "goal_only" ? goalOnlyCard(card) : card, locale };
      }
      case "final": {
        if (!contact) return { skip: "a final card needs a person" };
        const end = new Date(periodBounds(content.period, org.timezone).end.getTime() - 1);
        const p = await progressFor(pool, contact.externalId, end);
        return {
          card: finalCard(
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
        return { card: finalCard(card, content.period, content.version), locale };
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
