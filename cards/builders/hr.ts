// HR's cards, one module each in cards/builders/hr/: the offers card, onboarding progress of new
// hires, a probation-milestone alert, an opening's screening ranking, one candidate's screening
// explanation, and the daily HR digest. This file keeps the one import path callers use.
export { candidateCard, type CandidateCardOptions } from "./hr/candidate.ts";
export { hrDigestCard, type HrDigestCardOptions } from "./hr/digest.ts";
export { milestoneAlertCard, type MilestoneAlertCardOptions } from "./hr/milestone-alert.ts";
export { offerDeadlineText, offersCard, offerTone, type OffersCardOptions } from "./hr/offers.ts";
export { milestoneName, onboardingCard, type OnboardingCardOptions } from "./hr/onboarding.ts";
export { screeningCard, type ScreeningCardOptions } from "./hr/screening.ts";
export {
  DEFAULT_SCREENING_LIMIT,
  DIGEST_LINES,
  EXTEND_DAYS,
  MAX_NEW_HIRES_SHOWN,
  MAX_OFFERS_SHOWN,
  MAX_SCREENING_LIMIT,
} from "./hr/shared.ts";
