import { PacerError, type UserMessage } from "../errors.ts";
/**
 * Typed validation errors of the KPI domain core, with a bilingual message catalog.
 *
 * Every error has a stable `code` (what callers branch on), `params` (the values the message
 * mentions) and an optional `path` (the offending field, e.g. `items.2.metric`, so an ingest
 * response can report the field). `error.message` is the English text; `messageFor(locale)`
 * renders the same error in zh-CN or en.
 *
 * (A method literally named `message(locale)` cannot coexist with `Error#message`, the string
 * every logger and test runner reads, so the localised renderer is `messageFor`.)
 */

export type KpiLocale = "zh-CN" | "en";
export const KPI_LOCALES: readonly KpiLocale[] = ["zh-CN", "en"];

export type KpiErrorParams = Readonly<Record<string, string | number>>;

type Template = (p: KpiErrorParams) => string;

const s = (p: KpiErrorParams, k: string): string => {
  const v = p[k];
  return v === undefined ? `{${k}}` : String(v);
};

/** The catalog: one entry per error code, both languages. */
const CATALOG = {
  "decimal.invalid": {
    en: (p) =>
      `"${s(p, "value")}" is not a decimal number (expected digits with an optional "-" and "." part, e.g. 1234.50)`,
    "zh-CN": (p) => `"${s(p, "value")}" 不是有效的十进制数（应为数字，可带 "-" 和小数部分，例如 1234.50）`,
  },
  "decimal.too_many_places": {
    en: (p) => `"${s(p, "value")}" has more than ${s(p, "max")} decimal places`,
    "zh-CN": (p) => `"${s(p, "value")}" 的小数位超过 ${s(p, "max")} 位`,
  },
  "decimal.too_large": {
    en: (p) => `"${s(p, "value")}" is too large (at most ${s(p, "max")})`,
    "zh-CN": (p) => `"${s(p, "value")}" 过大（最大为 ${s(p, "max")}）`,
  },
  "decimal.negative": {
    en: (p) => `"${s(p, "value")}" must not be negative`,
    "zh-CN": (p) => `"${s(p, "value")}" 不能为负数`,
  },
  "period.invalid": {
    en: (p) => `"${s(p, "value")}" is not a period; expected YYYY-MM with a month 01–12 (e.g. 2026-10)`,
    "zh-CN": (p) => `"${s(p, "value")}" 不是有效的期间，应为 YYYY-MM 格式且月份为 01–12（例如 2026-10）`,
  },
  "date.invalid": {
    en: (p) => `"${s(p, "value")}" is not a calendar date; expected YYYY-MM-DD (e.g. 2026-10-01)`,
    "zh-CN": (p) => `"${s(p, "value")}" 不是有效日期，应为 YYYY-MM-DD 格式（例如 2026-10-01）`,
  },
  "timezone.invalid": {
    en: (p) => `"${s(p, "value")}" is not an IANA time zone (e.g. Asia/Shanghai)`,
    "zh-CN": (p) => `"${s(p, "value")}" 不是有效的 IANA 时区（例如 Asia/Shanghai）`,
  },
  "schema.invalid": {
    en: (p) => `${s(p, "path")}: ${s(p, "detail")}`,
    "zh-CN": (p) => `字段 ${s(p, "path")} 无效：${s(p, "detail")}`,
  },
  "metric.unknown": {
    en: (p) => `unknown metric "${s(p, "metric")}"; valid metrics are: ${s(p, "valid")}`,
    "zh-CN": (p) => `未知指标 "${s(p, "metric")}"；可用指标：${s(p, "valid")}`,
  },
  "plan.no_items": {
    en: () => `a plan needs at least one metric item`,
    "zh-CN": () => `考核方案至少需要一个指标`,
  },
  "plan.duplicate_metric": {
    en: (p) => `metric "${s(p, "metric")}" appears more than once in the plan`,
    "zh-CN": (p) => `指标 "${s(p, "metric")}" 在方案中重复出现`,
  },
  "plan.weight_not_positive": {
    en: (p) => `the weight of "${s(p, "metric")}" must be greater than 0 (got ${s(p, "weight")})`,
    "zh-CN": (p) => `指标 "${s(p, "metric")}" 的权重必须大于 0（当前为 ${s(p, "weight")}）`,
  },
  "plan.weights_sum": {
    en: (p) => `weights must sum to exactly 100; they sum to ${s(p, "sum")}`,
    "zh-CN": (p) => `权重之和必须恰好为 100；当前合计 ${s(p, "sum")}`,
  },
  "plan.cap_below_one": {
    en: (p) => `cap must be at least 1 (got ${s(p, "cap")})`,
    "zh-CN": (p) => `封顶系数 cap 不能小于 1（当前为 ${s(p, "cap")}）`,
  },
  "plan.floor_out_of_range": {
    en: (p) => `floor must be at least 0 and below 1 (got ${s(p, "floor")})`,
    "zh-CN": (p) => `保底系数 floor 必须大于等于 0 且小于 1（当前为 ${s(p, "floor")}）`,
  },
  "plan.gate_unknown": {
    en: (p) => `unknown gate "${s(p, "gate")}"; valid gates are: ${s(p, "valid")}`,
    "zh-CN": (p) => `未知门槛条件 "${s(p, "gate")}"；可用门槛：${s(p, "valid")}`,
  },
  "plan.gate_min_invalid": {
    en: (p) => `gate minimum must be between 0 and 10 (got ${s(p, "min")})`,
    "zh-CN": (p) => `门槛最小值必须在 0 到 10 之间（当前为 ${s(p, "min")}）`,
  },
  "target.not_positive": {
    en: (p) =>
      `the target of "${s(p, "metric")}" must be greater than 0 because lower is better for it (got ${s(p, "value")})`,
    "zh-CN": (p) => `指标 "${s(p, "metric")}" 越低越好，目标值必须大于 0（当前为 ${s(p, "value")}）`,
  },
  "target.too_many_places": {
    en: (p) =>
      s(p, "max") === "0"
        ? `the target of "${s(p, "metric")}" must be a whole number (got ${s(p, "value")})`
        : `the target of "${s(p, "metric")}" may have at most ${s(p, "max")} decimal places (got ${s(p, "value")})`,
    "zh-CN": (p) =>
      s(p, "max") === "0"
        ? `指标 "${s(p, "metric")}" 的目标值必须是整数（当前为 ${s(p, "value")}）`
        : `指标 "${s(p, "metric")}" 的目标值最多 ${s(p, "max")} 位小数（当前为 ${s(p, "value")}）`,
  },
  "team_goal.not_additive": {
    en: (p) => `a team goal cannot use "${s(p, "metric")}"; team goals may only use additive metrics: ${s(p, "valid")}`,
    "zh-CN": (p) => `团队目标不能使用指标 "${s(p, "metric")}"；只能使用可累加指标：${s(p, "valid")}`,
  },
  "team_goal.not_positive": {
    en: (p) => `a team goal value must be greater than 0 (got ${s(p, "value")})`,
    "zh-CN": (p) => `团队目标值必须大于 0（当前为 ${s(p, "value")}）`,
  },
  "team_goal.tier_invalid": {
    en: (p) =>
      `bonus tier ${s(p, "index")}: minCompletion and points must be 0 or more (got minCompletion ${s(p, "minCompletion")}, points ${s(p, "points")})`,
    "zh-CN": (p) =>
      `奖励档位 ${s(p, "index")}：minCompletion 和 points 必须大于等于 0（当前 minCompletion 为 ${s(p, "minCompletion")}，points 为 ${s(p, "points")}）`,
  },
  "team_goal.tier_duplicate": {
    en: (p) => `two bonus tiers have the same minCompletion ${s(p, "minCompletion")}`,
    "zh-CN": (p) => `有两个奖励档位的 minCompletion 相同（${s(p, "minCompletion")}）`,
  },
  "calendar.conflict": {
    en: (p) => `${s(p, "date")} is listed both as a holiday and as a workday`,
    "zh-CN": (p) => `${s(p, "date")} 同时被列为节假日和调休工作日`,
  },
  "calendar.duplicate_date": {
    en: (p) => `${s(p, "date")} is listed more than once in ${s(p, "list")}`,
    "zh-CN": (p) => `${s(p, "date")} 在 ${s(p, "list")} 中重复出现`,
  },
  "calendar.unreadable": {
    en: (p) => `cannot read calendar file ${s(p, "file")}: ${s(p, "detail")}`,
    "zh-CN": (p) => `无法读取日历文件 ${s(p, "file")}：${s(p, "detail")}`,
  },
} satisfies Record<string, Record<KpiLocale, Template>>;

export type KpiErrorCode = keyof typeof CATALOG;
export const KPI_ERROR_CODES = Object.keys(CATALOG) as KpiErrorCode[];

/** Renders an error code with its params in a locale. */
export function kpiMessage(code: KpiErrorCode, params: KpiErrorParams, locale: KpiLocale = "en"): string {
  const entry: Record<KpiLocale, Template> = CATALOG[code];
  return entry[locale](params);
}

export class KpiValidationError extends PacerError {
  static override readonly code = "kpi.invalid_input";
  static override readonly userMessage = { "zh-CN": "KPI 数据无效。", en: "The KPI data is invalid." };
  static override readonly httpStatus = 422;
  override readonly name = "KpiValidationError";
  readonly code: KpiErrorCode;
  readonly params: KpiErrorParams;
  /** Dotted path of the offending field inside the validated object ('' when it is the whole value). */
  readonly path: string;

  constructor(code: KpiErrorCode, params: KpiErrorParams = {}, path: string | readonly PropertyKey[] = "") {
    super(kpiMessage(code, params, "en"));
    this.code = code;
    this.params = params;
    this.path = typeof path === "string" ? path : path.map(String).join(".");
  }

  override get userMessage(): UserMessage {
    return { "zh-CN": this.messageFor("zh-CN"), en: this.messageFor("en") };
  }

  /** The message in the given locale (the English one is also `error.message`). */
  messageFor(locale: KpiLocale): string {
    return kpiMessage(this.code, this.params, locale);
  }

  /** The error re-rooted under a parent path (e.g. `items.2` + `weight`). */
  at(prefix: string | number): KpiValidationError {
    const p = String(prefix);
    return new KpiValidationError(this.code, this.params, this.path === "" ? p : `${p}.${this.path}`);
  }

  toJSON(): { code: KpiErrorCode; params: KpiErrorParams; path: string; message: string } {
    return { code: this.code, params: this.params, path: this.path, message: this.message };
  }
}

export function isKpiValidationError(e: unknown): e is KpiValidationError {
  return e instanceof KpiValidationError;
}
