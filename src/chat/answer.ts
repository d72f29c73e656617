// The chat core's answering: an intent from a (possibly unlinked) chat user → a card, with
// permissions applied here so every platform behaves the same. Knows nothing of Slack, Lark or
// HTTP. The use cases live in ./answers/ (KPI, the company view, recruitment), their sentences in
// ./texts.ts, the rules of who may see what in ./permissions.ts, and the SQL in src/store/chat.ts
// and src/store/company.ts.
import type { Card, Locale } from "../../cards/model.ts";
import {
  errorCard,
  helpCard,
  languageSwitchedCard,
  linkedCard,
  mutedCard,
  noDataCard,
  notLinkedCard,
  unsupportedCard,
} from "../../cards/index.ts";
import { text } from "../../cards/model.ts";
import { RecruitError } from "../recruit/errors.ts";
import { NotScoredError } from "../services/progress.ts";
import { setDailyMuted, setEmployeeLocale } from "../store/chat.ts";
import { loadOrganization, NoOrganizationError, type OrganizationInfo } from "../store/kpi-inputs.ts";
import { type Asker, type ChatDeps, Refusal, type Reply } from "./answers/context.ts";
import { company } from "./answers/company.ts";
import {
  clear as clearDispute,
  decide as decideDispute,
  type DisputeAnswer,
  raise as raiseDispute,
} from "./answers/disputes.ts";
import { details, leaderboard, lookupPerson, progress, report, unpaid } from "./answers/kpi.ts";
import { rateOrder } from "./answers/rating.ts";
import { motivation, profile } from "./answers/profile.ts";
import { receivablesFor, snoozeReceivable } from "./answers/receivables.ts";
import { candidate, offers, onboarding, screening } from "./answers/recruit.ts";
import { acceptTeamTargets, changeOne, editTargets, saveOne, targetsForTeam } from "./answers/targets.ts";
import { loadViewer } from "./identity.ts";
import type { Intent } from "./intents.ts";
import { TEXTS } from "./texts.ts";
import { isDatabaseUnavailable } from "./unavailable.ts";

export type { Asker, ChatDeps, Reply } from "./answers/context.ts";

type Viewer = NonNullable<Awaited<ReturnType<typeof loadViewer>>>;

/** The language of a viewer's answers: their own choice, else the organization's. */
const localeOf = (viewer: Viewer | null, org: OrganizationInfo): Locale =>
  viewer?.locale === "en" || viewer?.locale === "zh-CN" ? viewer.locale : org.defaultLocale;

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
  let locale = localeOf(viewer, org);
  const personal = (card: Card): Reply => ({ card, personal: true, locale });
  const withNotices = (a: DisputeAnswer): Reply => ({ ...personal(a.card), notices: a.notices });

  try {
    switch (intent.kind) {
      case "language":
        await setEmployeeLocale(deps.pool, viewer.id, intent.locale);
        locale = intent.locale;
        return personal(languageSwitchedCard(intent.locale));
      case "mute":
        await setDailyMuted(deps.pool, viewer.id, intent.on);
        return personal(mutedCard(intent.on));
      case "help":
        return personal(helpCard({ role: viewer.role }));
      case "unknown":
        return personal(helpCard({ role: viewer.role, didNotUnderstand: intent.text }));
      case "unsupported":
        return personal(unsupportedCard({ topic: intent.topic, asked: intent.text, role: viewer.role }));
      case "link":
        return personal(linkedCard({ name: viewer.name, externalId: viewer.externalId }));
      case "offers":
      case "offer_action":
        return personal(await offers(deps, org, viewer, intent.kind === "offer_action" ? intent : null));
      case "onboarding":
      case "checklist_tick":
        return personal(await onboarding(deps, org, viewer, intent.kind === "checklist_tick" ? intent : null));
      case "company":
        return personal(await company(deps, org, viewer, intent));
      case "screening":
        return personal(await screening(deps, org, viewer, intent.opening));
      case "candidate":
        return personal(await candidate(deps, org, viewer, intent.query));
      case "report": {
        const { card, file } = await report(deps, org, viewer, intent, locale);
        return { ...personal(card), ...(file ? { file } : {}) };
      }
      case "receivables":
        return personal(await receivablesFor(deps, org, viewer));
      case "receivable_snooze":
        return personal(await snoozeReceivable(deps, org, viewer, intent));
      case "dispute":
        return withNotices(await raiseDispute(deps, org, viewer, intent));
      case "dispute_decide":
        return withNotices(await decideDispute(deps, org, viewer, intent));
      case "dispute_clear":
        return withNotices(await clearDispute(deps, org, viewer, intent));
      case "rate_order":
        return personal(await rateOrder(deps, org, viewer, intent));
      case "progress":
        return { ...(await progress(deps, org, viewer, intent, asker)), locale };
      case "lookup": {
        const person = await lookupPerson(deps, viewer, intent.query);
        const asked = { kind: "progress" as const, period: intent.period, subject: person.externalId };
        return { ...(await progress(deps, org, viewer, asked, asker)), locale };
      }
      case "details":
        return personal(await details(deps, org, viewer, intent));
      case "unpaid":
        return personal(await unpaid(deps, org, viewer, intent));
      case "leaderboard":
        return { ...(await leaderboard(deps, org, viewer, intent, asker)), locale };
      case "targets":
        return personal(await targetsForTeam(deps, org, viewer, intent));
      case "targets_accept":
        return { ...(await acceptTeamTargets(deps, org, viewer, intent)), locale };
      case "target_edit":
        return personal(await editTargets(deps, org, viewer, intent));
      case "target_save":
        return { ...(await saveOne(deps, org, viewer, intent)), locale };
      case "target_change":
        return personal(await changeOne(deps, org, viewer, intent));
      case "profile": {
        const { card, picture } = await profile(deps, org, viewer, intent, asker.platform, locale);
        return { ...personal(card), ...(picture ? { picture } : {}) };
      }
      case "motivation":
        return personal(await motivation(deps, viewer, intent));
    }
  } catch (error) {
    if (error instanceof Refusal) return personal(error.card);
    if (error instanceof RecruitError)
      return personal(errorCard(text(error.messageFor("zh-CN"), error.messageFor("en"))));
    if (error instanceof NotScoredError) return personal(noDataCard("not_scored"));
    // The database away is not an answer: the caller decides (retry later, or the error card).
    if (isDatabaseUnavailable(error)) throw error;
    deps.log?.error({ err: error, intent }, "chat answer failed");
    return personal(errorCard(TEXTS.somethingWentWrong));
  }
}

/**
 * A card that is not an answer to an intent (a stale button, a failure before answering), in the
 * asker's language when it can be known, else the organization's, else Chinese.
 */
export async function replyWithCard(deps: ChatDeps, employeeId: number | null, card: Card): Promise<Reply> {
  try {
    const org = await loadOrganization(deps.pool);
    const viewer = employeeId === null ? null : await loadViewer(deps.pool, employeeId);
    return { card, personal: true, locale: localeOf(viewer, org) };
  } catch {
    return { card, personal: true, locale: "zh-CN" };
  }
}
