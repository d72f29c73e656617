// The application pipeline as a state machine (pure). Forward path:
//
//   applied → screened → interview → offer → accepted → onboarded
//                                          ↘ declined
//
// and from every OPEN stage (applied, screened, interview, offer, accepted) an application can be
// rejected (the company stops it — at "offer" that rescinds the offer, at "accepted" e.g. a failed
// background check) or withdrawn (the candidate stops it — e.g. reneging after accepting).
// "accepted" counts as open because a candidate who accepted has not started yet; declined,
// onboarded, rejected and withdrawn are final: nothing leaves them (a returning candidate gets a
// new application). No stage is skipped and nothing goes backwards — the history stays readable.
import { RecruitError, STAGE_LABELS, STAGES, type Stage } from "./errors.ts";

export { STAGES, STAGE_LABELS, type Stage };

export const OPEN_STAGES: readonly Stage[] = ["applied", "screened", "interview", "offer", "accepted"];
export const FINAL_STAGES: readonly Stage[] = ["declined", "onboarded", "rejected", "withdrawn"];

const FORWARD: Readonly<Record<Stage, readonly Stage[]>> = {
  applied: ["screened"],
  screened: ["interview"],
  interview: ["offer"],
  offer: ["accepted", "declined"],
  accepted: ["onboarded"],
  declined: [],
  onboarded: [],
  rejected: [],
  withdrawn: [],
};

/** Every stage reachable in one step from `from`, forward steps first. */
export function allowedTransitions(from: Stage): Stage[] {
  const next = [...FORWARD[from]];
  if (OPEN_STAGES.includes(from)) next.push("rejected", "withdrawn");
  return next;
}

export function canTransition(from: Stage, to: Stage): boolean {
  return allowedTransitions(from).includes(to);
}

export function isFinalStage(stage: Stage): boolean {
  return FINAL_STAGES.includes(stage);
}

/** Throws a RecruitError (bilingual) unless `from → to` is a legal step. */
export function assertTransition(application: string, from: Stage, to: Stage): void {
  if (canTransition(from, to)) return;
  if (from === to) throw new RecruitError("pipeline.same_stage", { application, to });
  if (isFinalStage(from)) throw new RecruitError("pipeline.final_stage", { application, from, to });
  const allowed = allowedTransitions(from);
  throw new RecruitError("pipeline.illegal_transition", {
    application,
    from,
    to,
    allowed_en: allowed.map((s) => `"${STAGE_LABELS[s].en}"`).join(", "),
    allowed_zh: allowed.map((s) => `「${STAGE_LABELS[s]["zh-CN"]}」`).join("、"),
  });
}

/**
 * What a stage change does to the application's pending offer, so offer and application never
 * disagree: accepting/declining answers it; the candidate withdrawing declines it; the company
 * rejecting withdraws it. Null: the offer is left alone.
 */
export function offerStatusAfterMove(to: Stage): "accepted" | "declined" | "withdrawn" | null {
  switch (to) {
    case "accepted":
      return "accepted";
    case "declined":
    case "withdrawn":
      return "declined";
    case "rejected":
      return "withdrawn";
    default:
      return null;
  }
}
