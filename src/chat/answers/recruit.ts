// HR's questions in chat: offers (and acting on them), onboarding, screening and one candidate.
// HR and admins see everything; a hiring manager their own openings and teams; nobody else any.
import { type Card, type CardElement, type Text, text } from "../../../cards/model.ts";
import {
  candidateCard,
  checklistUndoButton,
  errorCard,
  noDataCard,
  offersCard,
  onboardingCard,
  screeningCard,
} from "../../../cards/index.ts";
import { RecruitError } from "../../recruit/errors.ts";
import { onboardingStatus } from "../../services/onboarding.ts";
import { setChecklistItemDone } from "../../services/onboarding-checklist.ts";
import { listOffers, offerAction, screenOpening } from "../../services/recruitment.ts";
import { latestApplication, openOpenings, teamExternalIds } from "../../store/chat.ts";
import type { OrganizationInfo } from "../../store/kpi-inputs.ts";
import type { IntentOf } from "../intents.ts";
import { remindConfigured } from "../../services/remind.ts";
import { canSeeReports, recruitmentAccess, type Viewer } from "../permissions.ts";
import { TEXTS } from "../texts.ts";
import { type ChatDeps, Refusal } from "./context.ts";

const hrOnly = () => new Refusal(errorCard(TEXTS.recruitmentForHr));

/** HR's offers card; a button press (offer_action) acts first and shows the result on top. */
export async function offers(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  action: IntentOf<"offer_action"> | null,
): Promise<Card> {
  const access = recruitmentAccess(viewer);
  if (access === "none") throw hrOnly();
  const now = deps.now();
  let notice: Text | undefined;
  if (action) {
    // Answering offers is HR's job; hiring managers see their openings' offers read-only.
    if (access !== "all") throw new Refusal(errorCard(TEXTS.onlyHrActsOnOffers));
    const kind =
      action.action === "extend" ? { kind: "extend" as const, days: action.days ?? 3 } : { kind: action.action };
    try {
      await offerAction(deps.pool, {
        offerExternalId: action.offer,
        action: kind,
        actor: `${viewer.externalId} (${viewer.name})`,
        now,
      });
      notice = TEXTS.offerDone[action.action](action.offer, action.days ?? 3);
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
  return offersCard(list, {
    timezone: org.timezone,
    now,
    canAct: access === "all",
    canRemind: await remindConfigured(deps.pool),
    ...(notice ? { notice } : {}),
  });
}

/**
 * New hires' onboarding and probation: HR and admins see everyone, a manager their teams. A
 * checklist button (checklist_tick) ticks the item first — the service decides who may (HR, admins,
 * the new hire's manager) and audits it — and the card comes back with the result on top.
 */
export async function onboarding(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  tick: IntentOf<"checklist_tick"> | null = null,
): Promise<Card> {
  if (!canSeeReports(viewer) && viewer.role !== "manager") throw hrOnly();
  let notice: Text | undefined;
  let undo: CardElement | undefined;
  if (tick) {
    try {
      const result = await setChecklistItemDone(deps.pool, {
        actorExternalId: viewer.externalId,
        employeeExternalId: tick.employee,
        templateKey: tick.template ?? null,
        itemKey: tick.item,
        done: tick.done,
        now: deps.now(),
      });
      notice = result.changed
        ? TEXTS.checklistTicked(result.item.title, result.employee.name, result.done)
        : TEXTS.checklistUnchanged(result.item.title, result.employee.name);
      if (result.changed && result.done)
        undo = checklistUndoButton({
          employee: result.employee.externalId,
          item: result.item.key,
          template: result.item.templateKey,
        });
    } catch (error) {
      if (!(error instanceof RecruitError)) throw error;
      notice = text(error.messageFor("zh-CN"), error.messageFor("en"));
    }
  }
  const status = await onboardingStatus(deps.pool, { asOf: deps.now() });
  if (viewer.role === "manager") {
    const mine = new Set(await teamExternalIds(deps.pool, viewer.managedTeamIds));
    status.newHires = status.newHires.filter(
      (h) => h.employee.teamExternalId !== null && mine.has(h.employee.teamExternalId),
    );
  }
  const card = onboardingCard(status, {
    timezone: org.timezone,
    // The service is the rule (HR, admins, the hire's own manager); the buttons follow it.
    canTick: (h) => canSeeReports(viewer) || h.employee.manager?.externalId === viewer.externalId,
  });
  if (!notice) return card;
  return { ...card, elements: [{ type: "text", text: notice }, ...(undo ? [undo] : []), ...card.elements] };
}

/** Openings the viewer may see: all for HR and admins, their own for hiring managers. */
async function visibleOpenings(deps: ChatDeps, viewer: Viewer): Promise<string[]> {
  const access = recruitmentAccess(viewer);
  if (access === "none") throw hrOnly();
  return openOpenings(deps.pool, access === "own" ? viewer.id : null);
}

export async function screening(
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

export async function candidate(deps: ChatDeps, org: OrganizationInfo, viewer: Viewer, query: string): Promise<Card> {
  const openings = await visibleOpenings(deps, viewer);
  const hit = await latestApplication(deps.pool, query.trim(), openings);
  if (!hit) throw new Refusal(errorCard(TEXTS.noSuchCandidate(query)));
  const ranking = await screenOpening(deps.pool, hit.opening);
  const entry = ranking.candidates.find((c) => c.candidateExternalId === hit.candidate);
  if (!entry) return noDataCard("no_data");
  return candidateCard(entry, {
    timezone: org.timezone,
    opening: ranking.opening,
    candidates: ranking.candidates.length,
  });
}
