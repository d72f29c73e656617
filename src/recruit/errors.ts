// Typed errors of recruitment and onboarding, with a bilingual message catalog (the same shape as
// kpi/validation-error.ts): a stable `code` callers branch on, `params` the message mentions,
// `message` in English and `messageFor(locale)` in zh-CN or en — a chat card shows the latter.
import { PacerError, type UserMessage } from "../errors.ts";

export type RecruitLocale = "zh-CN" | "en";

export const STAGES = [
  "applied",
  "screened",
  "interview",
  "offer",
  "accepted",
  "declined",
  "onboarded",
  "rejected",
  "withdrawn",
] as const;
export type Stage = (typeof STAGES)[number];

export const OFFER_STATUSES = ["pending", "accepted", "declined", "expired", "withdrawn"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** How each stage reads on a card. */
export const STAGE_LABELS: Readonly<Record<Stage, Record<RecruitLocale, string>>> = {
  applied: { "zh-CN": "已投递", en: "applied" },
  screened: { "zh-CN": "初筛通过", en: "screened" },
  interview: { "zh-CN": "面试中", en: "interview" },
  offer: { "zh-CN": "已发 offer", en: "offer" },
  accepted: { "zh-CN": "已接受 offer", en: "accepted" },
  declined: { "zh-CN": "已拒绝 offer", en: "declined" },
  onboarded: { "zh-CN": "已入职", en: "onboarded" },
  rejected: { "zh-CN": "未录用", en: "rejected" },
  withdrawn: { "zh-CN": "已退出", en: "withdrawn" },
};

export const OFFER_STATUS_LABELS: Readonly<Record<OfferStatus, Record<RecruitLocale, string>>> = {
  pending: { "zh-CN": "待确认", en: "pending" },
  accepted: { "zh-CN": "已接受", en: "accepted" },
  declined: { "zh-CN": "已拒绝", en: "declined" },
  expired: { "zh-CN": "已过期", en: "expired" },
  withdrawn: { "zh-CN": "已撤回", en: "withdrawn" },
};

export type RecruitErrorParams = Readonly<Record<string, string | number>>;
type Template = (p: RecruitErrorParams) => string;

const s = (p: RecruitErrorParams, k: string): string => {
  const v = p[k];
  return v === undefined ? `{${k}}` : String(v);
};
const stage = (p: RecruitErrorParams, k: string, locale: RecruitLocale): string => {
  const v = p[k];
  return typeof v === "string" && v in STAGE_LABELS ? STAGE_LABELS[v as Stage][locale] : s(p, k);
};
const offerStatus = (p: RecruitErrorParams, k: string, locale: RecruitLocale): string => {
  const v = p[k];
  return typeof v === "string" && v in OFFER_STATUS_LABELS ? OFFER_STATUS_LABELS[v as OfferStatus][locale] : s(p, k);
};

const CATALOG = {
  "pipeline.illegal_transition": {
    en: (p) =>
      `cannot move application ${s(p, "application")} from "${stage(p, "from", "en")}" to "${stage(p, "to", "en")}"; from "${stage(p, "from", "en")}" it can go to: ${s(p, "allowed_en")}`,
    "zh-CN": (p) =>
      `申请 ${s(p, "application")} 不能从「${stage(p, "from", "zh-CN")}」改为「${stage(p, "to", "zh-CN")}」；「${stage(p, "from", "zh-CN")}」之后只能改为：${s(p, "allowed_zh")}`,
  },
  "pipeline.final_stage": {
    en: (p) =>
      `application ${s(p, "application")} is already closed ("${stage(p, "from", "en")}"); it cannot move to "${stage(p, "to", "en")}"`,
    "zh-CN": (p) =>
      `申请 ${s(p, "application")} 已结束（「${stage(p, "from", "zh-CN")}」），不能再改为「${stage(p, "to", "zh-CN")}」`,
  },
  "pipeline.same_stage": {
    en: (p) => `application ${s(p, "application")} is already at "${stage(p, "to", "en")}"`,
    "zh-CN": (p) => `申请 ${s(p, "application")} 已经是「${stage(p, "to", "zh-CN")}」`,
  },
  "pipeline.stale": {
    en: (p) =>
      `application ${s(p, "application")} changed meanwhile: it is now "${stage(p, "actual", "en")}", not "${stage(p, "expected", "en")}"; nothing was changed — refresh and try again`,
    "zh-CN": (p) =>
      `申请 ${s(p, "application")} 已被他人更新：现在是「${stage(p, "actual", "zh-CN")}」而不是「${stage(p, "expected", "zh-CN")}」；本次未做任何修改，请刷新后重试`,
  },
  "application.unknown": {
    en: (p) => `no application ${s(p, "application")}`,
    "zh-CN": (p) => `找不到申请 ${s(p, "application")}`,
  },
  "opening.unknown": {
    en: (p) => `no job opening ${s(p, "opening")}`,
    "zh-CN": (p) => `找不到职位 ${s(p, "opening")}`,
  },
  "opening.bad_profile": {
    en: (p) => `job opening ${s(p, "opening")} has an invalid keyword profile: ${s(p, "detail")}`,
    "zh-CN": (p) => `职位 ${s(p, "opening")} 的关键词配置无效：${s(p, "detail")}`,
  },
  "offer.unknown": {
    en: (p) => `no offer ${s(p, "offer")}`,
    "zh-CN": (p) => `找不到 offer ${s(p, "offer")}`,
  },
  "offer.exists": {
    en: (p) => `offer ${s(p, "offer")} already exists`,
    "zh-CN": (p) => `offer ${s(p, "offer")} 已存在`,
  },
  "offer.answered": {
    en: (p) =>
      `offer ${s(p, "offer")} is already ${offerStatus(p, "status", "en")}${p.respondedAt ? ` (${s(p, "respondedAt")})` : ""}; it takes no further actions`,
    "zh-CN": (p) =>
      `offer ${s(p, "offer")} 当前为「${offerStatus(p, "status", "zh-CN")}」${p.respondedAt ? `（${s(p, "respondedAt")}）` : ""}，不能再操作`,
  },
  "offer.application_moved": {
    en: (p) =>
      `offer ${s(p, "offer")} cannot be answered: its application is at "${stage(p, "stage", "en")}", not "offer"`,
    "zh-CN": (p) =>
      `offer ${s(p, "offer")} 无法处理：对应申请当前为「${stage(p, "stage", "zh-CN")}」，不是「已发 offer」`,
  },
  "offer.pending_exists": {
    en: (p) => `application ${s(p, "application")} already has a pending offer (${s(p, "offer")})`,
    "zh-CN": (p) => `申请 ${s(p, "application")} 已有待确认的 offer（${s(p, "offer")}）`,
  },
  "offer.extend_days": {
    en: (p) => `an offer can be extended by 1 to ${s(p, "max")} days, not ${s(p, "days")}`,
    "zh-CN": (p) => `offer 只能延期 1 到 ${s(p, "max")} 天，不能是 ${s(p, "days")} 天`,
  },
  "offer.deadline_days": {
    en: (p) => `an offer's response time must be 1 to ${s(p, "max")} days, not ${s(p, "days")}`,
    "zh-CN": (p) => `offer 的答复期限须为 1 到 ${s(p, "max")} 天，不能是 ${s(p, "days")} 天`,
  },
  "offer.remind_unavailable": {
    en: () =>
      `reminding candidates is not set up: no reminder webhook is configured (pacer config set remind.webhook), so nobody would receive it`,
    "zh-CN": () => `未配置候选人提醒：尚未设置提醒 webhook（pacer config set remind.webhook），提醒无法送达`,
  },
  "offer.remind_failed": {
    en: (p) =>
      `the reminder for offer ${s(p, "offer")} could not be delivered (${s(p, "detail")}); nothing was recorded — try again later`,
    "zh-CN": (p) => `offer ${s(p, "offer")} 的提醒未能送达（${s(p, "detail")}）；未做任何记录，请稍后重试`,
  },
  "interview.stage": {
    en: (p) =>
      `an interview can only be scheduled for a screened or interviewing application; ${s(p, "application")} is at "${stage(p, "stage", "en")}"`,
    "zh-CN": (p) =>
      `只有「初筛通过」或「面试中」的申请可以安排面试；${s(p, "application")} 当前为「${stage(p, "stage", "zh-CN")}」`,
  },
  "interview.in_past": {
    en: (p) => `the interview time ${s(p, "at")} is in the past`,
    "zh-CN": (p) => `面试时间 ${s(p, "at")} 已经过去`,
  },
  "interview.no_interviewers": {
    en: () => `an interview needs at least one interviewer`,
    "zh-CN": () => `面试至少需要一位面试官`,
  },
  "onboarding.forbidden": {
    en: (p) =>
      `only HR, admins and ${s(p, "employee")}'s manager can tick items of their onboarding checklist; ${s(p, "actor")} cannot`,
    "zh-CN": (p) => `只有人事、管理员和 ${s(p, "employee")} 的直属经理可以勾选其入职清单；${s(p, "actor")} 无此权限`,
  },
  "onboarding.employee_unknown": {
    en: (p) => `no employee ${s(p, "employee")}`,
    "zh-CN": (p) => `找不到员工 ${s(p, "employee")}`,
  },
  "onboarding.item_unknown": {
    en: (p) => `${s(p, "employee")}'s onboarding checklist has no item ${s(p, "item")}`,
    "zh-CN": (p) => `${s(p, "employee")} 的入职清单中没有事项 ${s(p, "item")}`,
  },
  "onboarding.item_ambiguous": {
    en: (p) =>
      `item ${s(p, "item")} is on several of ${s(p, "employee")}'s onboarding templates (${s(p, "templates")}); name the template`,
    "zh-CN": (p) =>
      `事项 ${s(p, "item")} 出现在 ${s(p, "employee")} 的多个入职模板中（${s(p, "templates")}），请指明模板`,
  },
  "input.invalid": {
    en: (p) => `invalid request: ${s(p, "detail")}`,
    "zh-CN": (p) => `请求无效：${s(p, "detail")}`,
  },
  "settings.invalid": {
    en: (p) => `setting ${s(p, "key")} is invalid: ${s(p, "detail")}`,
    "zh-CN": (p) => `设置 ${s(p, "key")} 无效：${s(p, "detail")}`,
  },
} satisfies Record<string, Record<RecruitLocale, Template>>;

export type RecruitErrorCode = keyof typeof CATALOG;

export function recruitMessage(code: RecruitErrorCode, params: RecruitErrorParams, locale: RecruitLocale): string {
  const entry: Record<RecruitLocale, Template> = CATALOG[code];
  return entry[locale](params);
}

export class RecruitError extends PacerError {
  static override readonly code = "recruit.invalid";
  static override readonly userMessage = {
    "zh-CN": "招聘数据或操作无效。",
    en: "The recruiting data or action is invalid.",
  };
  static override readonly httpStatus = 422;
  override readonly name = "RecruitError";

  constructor(
    readonly code: RecruitErrorCode,
    readonly params: RecruitErrorParams = {},
  ) {
    super(recruitMessage(code, params, "en"));
  }

  override get userMessage(): UserMessage {
    return { "zh-CN": this.messageFor("zh-CN"), en: this.messageFor("en") };
  }

  /** The message in the given locale (the English one is also `error.message`). */
  messageFor(locale: RecruitLocale): string {
    return recruitMessage(this.code, this.params, locale);
  }

  toJSON(): { code: RecruitErrorCode; params: RecruitErrorParams; message: string } {
    return { code: this.code, params: this.params, message: this.message };
  }
}

export function isRecruitError(e: unknown): e is RecruitError {
  return e instanceof RecruitError;
}
