// The card layer in one import: the platform-neutral model, formatting, the pure builders (data in,
// Card out, no I/O) and the console renderer. Platform renderers live with their adapters
// (src/slack/render.ts, src/lark/render.ts) so that nothing here depends on a platform SDK.
export * from "./model.ts";
export * from "./format.ts";
export { both, button, joinText, achievementTone, freshnessContext } from "./builders/common.ts";
export { progressCard, rankText, type ProgressCardOptions } from "./builders/progress.ts";
export { detailsCard, unpaidCard, type DetailsCardOptions, type UnpaidCardOptions } from "./builders/details.ts";
export {
  leaderboardCard,
  visibleRows,
  DEFAULT_TOP_N,
  type LeaderboardAudience,
  type LeaderboardCardOptions,
} from "./builders/leaderboard.ts";
export {
  helpCard,
  notLinkedCard,
  linkedCard,
  errorCard,
  languageSwitchedCard,
  mutedCard,
  noDataCard,
  type HelpCardOptions,
  type NotLinkedCardOptions,
  type NoDataReason,
  type NoDataCardOptions,
} from "./builders/messages.ts";
export { unsupportedCard, type UnsupportedCardOptions } from "./builders/limits.ts";
export { reportCard } from "./builders/report.ts";
export {
  offersCard,
  onboardingCard,
  milestoneAlertCard,
  screeningCard,
  candidateCard,
  hrDigestCard,
  offerDeadlineText,
  offerTone,
  milestoneName,
  MAX_OFFERS_SHOWN,
  MAX_NEW_HIRES_SHOWN,
  DEFAULT_SCREENING_LIMIT,
  MAX_SCREENING_LIMIT,
  EXTEND_DAYS,
  type OffersCardOptions,
  type OnboardingCardOptions,
  type MilestoneAlertCardOptions,
  type ScreeningCardOptions,
  type CandidateCardOptions,
  type HrDigestCardOptions,
} from "./builders/hr.ts";
export { companyCard, teamPickerCard, MAX_TEAM_BUTTONS } from "./builders/company.ts";
export { checklistTickButtons, checklistUndoButton, MAX_TICK_BUTTONS } from "./builders/onboarding-checklist.ts";
export { renderText, type TextRendering, type TextChoice } from "./render-text.ts";
