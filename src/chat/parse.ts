// Free text → Intent, in Chinese and English, tolerant of @mentions, punctuation, full-width
// characters, letter case and short forms. Unknown text is an `unknown` intent (answered with a
// short help card, never silence).
import type { Intent, PeriodRef } from "./intents.ts";
import { disputeIntentIn } from "./parse-dispute.ts";
import { limitOf } from "./parse-limits.ts";
import { rateOrderIn } from "./parse-rating.ts";
import { targetIntent } from "./parse-targets.ts";

/** Mentions as the adapters leave them: Slack "<@U123>" / "<@U123|name>", Lark "@_user_1". */
const MENTION = /<@([A-Z0-9]+)(?:\|[^>]*)?>|@_user_\d+/g;

export interface ParseOptions {
  /** Mentions of other people kept for `lookup` (the bot's own mention is already removed). */
  mentions?: string[];
}

/** Full-width → half-width (NFKC), lower case, mentions out, punctuation to spaces, spaces collapsed. */
export function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .replace(MENTION, " ")
    .toLowerCase()
    .replace(/[?？!！。.,，、;；:："“”'‘’()（）【】[\]<>《》~～]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const MONTHS_EN = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** A period mentioned in the text: "2026-10", "2026年10月", "10月", "oct", "last month", "上月". */
export function periodIn(text: string, now?: { year: number; month: number }): PeriodRef | undefined {
  if (/\b(last|previous|prev) month\b|上个?月|上月/.test(text)) return "previous";
  if (/\b(this|current) month\b|本月|这个月|当月/.test(text)) return "current";
  let m = /\b(\d{4})[-/年.](\d{1,2})月?\b/.exec(text) ?? /(\d{4})年(\d{1,2})月/.exec(text);
  if (m) {
    const month = Number(m[2]);
    if (month >= 1 && month <= 12) return `${m[1]}-${String(month).padStart(2, "0")}`;
  }
  if (!now) return undefined;
  m = /(?:^|[^\d])(\d{1,2})月(?:份)?/.exec(text);
  let month: number | undefined = m ? Number(m[1]) : undefined;
  if (month === undefined) {
    const idx = MONTHS_EN.findIndex((name) => new RegExp(`\\b(${name}|${name.slice(0, 3)})\\b`).test(text));
    if (idx >= 0) month = idx + 1;
  }
  if (month === undefined || month < 1 || month > 12) return undefined;
  // A month later than the current one means last year's.
  const year = month > now.month ? now.year - 1 : now.year;
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** Whether the text names a month at all (its value does not matter here, so any "now" will do). */
const mentionsPeriod = (text: string): boolean => periodIn(text, { year: 2000, month: 12 }) !== undefined;

/** Words after "团队"/"排名" that ask about the ranking rather than name a team. */
const NOT_A_TEAM = /^(ranking|排名|排行|榜|排行榜|怎么样|如何|情况|多少|成员|第几|呢|吗|前.*|第.*)$/u;
/** A team name written straight after "团队"/"排名" (no space) must look like one: "华北销售组", "T-EAST". */
const TEAM_LIKE = /(组|队|部|区|中心|分公司|[a-z0-9])$/u;

/** "team X", "团队排名 X", "团队排名华北销售组" → "X" — never a month, nor a question about the ranking. */
function teamNamedIn(text: string): string | undefined {
  const m = /^(?:(team|leaderboard|ranking)\s+|(?:团队排名|团队|排名)(\s*))(.+)$/u.exec(text);
  if (!m) return undefined;
  const rest = m[3]!.trim();
  const spaced = m[1] !== undefined || m[2] !== "";
  if (mentionsPeriod(rest) || NOT_A_TEAM.test(rest) || (!spaced && !TEAM_LIKE.test(rest))) return undefined;
  return rest;
}

/** Words that are not a person's name in "profile X" / "X的画像" (the asker, the team, a time). */
const NOT_A_NAME =
  /^(?:my|me|mine|our|us|the|team|kpi|this year|今年|半年|全年|我|我的|我们|团队|本组|小组|公司|全公司|业绩|销售)$/u;

/** The person named in a profile or trend request ("profile 王磊", "王磊的画像", "amy s profile"), if any. */
function profileName(asked: string): string | undefined {
  const text = asked.replace(/^kpi\s+/, "");
  const named =
    /^(?:profile|员工画像|画像|员工档案|个人档案|趋势|走势|trends?|history)\s+(?:of\s+|for\s+)?(.+)$/u.exec(
      text,
    )?.[1] ??
    /^([\p{Script=Han}·]{2,4})的(?:员工)?(?:画像|档案|个人档案|趋势|走势|历史)/u.exec(text)?.[1] ??
    /^(?:show\s+)?([\p{L} .-]{2,40}?) s (?:profile|trends?|history)$/u.exec(text)?.[1] ??
    /^(?:show\s+)?(?:the\s+)?(?:profile|trends?|history) (?:of|for) ([\p{L} .-]{2,40})$/u.exec(text)?.[1];
  const name = named?.trim();
  if (!name || NOT_A_NAME.test(name) || mentionsPeriod(name) || parseIntent(name).kind !== "unknown") return undefined;
  return name;
}

/** A trend, history or profile request: someone's profile when a person is named or mentioned, else the asker's. */
function profileIntent(text: string, mentions: readonly string[] | undefined): Intent {
  const other = mentions?.[0];
  if (other) return { kind: "profile", query: `@${other}` };
  const name = profileName(text);
  return name ? { kind: "profile", query: name } : { kind: "profile" };
}

type Rule = { test: RegExp; intent: (text: string, period: PeriodRef | undefined) => Intent };

// Order matters: the more specific phrases first.
const RULES: Rule[] = [
  {
    test: /^(english|en|switch to english|in english|英文|英语|(请)?(切换|换)(到|成|为)?(英文|英语)|(请)?(用|说)(英文|英语))$|(语言|language)\s*(改|切换|换|设置?|change|switch|set)?\s*(成|为|到|to)\s*(英文|英语|english)|(change|switch|set) (the |my )?language to english/,
    intent: () => ({ kind: "language", locale: "en" }),
  },
  {
    test: /^(中文|chinese|zh|switch to chinese|in chinese|简体中文|(请)?(切换|换)(到|成|为)?中文|(请)?(用|说)中文)$|(语言|language)\s*(改|切换|换|设置?|change|switch|set)?\s*(成|为|到|to)\s*(中文|chinese)|(change|switch|set) (the |my )?language to chinese/,
    intent: () => ({ kind: "language", locale: "zh-CN" }),
  },
  {
    test: /\b(stop|mute|pause) daily\b|停止每日推送|停止推送|关闭每日|不要每日/,
    intent: () => ({ kind: "mute", on: true }),
  },
  {
    test: /\b(start|resume|unmute) daily\b|恢复每日推送|开启每日|恢复推送/,
    intent: () => ({ kind: "mute", on: false }),
  },
  {
    test: /^(help|帮助|怎么用|usage|commands|\?|h)$|^help\b|使用说明|what can you do|what do you do|你能做什么|你会什么|能干什么|^(hi|hello|hey|你好|您好|嗨|哈喽)( pacer)?$/,
    intent: () => ({ kind: "help" }),
  },
  { test: /^(link|link me|绑定|关联|绑定账号)$/, intent: () => ({ kind: "link" }) },
  { test: /\boffers?\b|待确认|录用通知/, intent: () => ({ kind: "offers" }) },
  {
    test: /\b(screening|candidates|shortlist)\b|筛选|简历排名|候选人排名|候选人列表/,
    intent: () => ({ kind: "screening" }),
  },
  { test: /\bonboarding\b|入职进度|入职|新人培训|试用期/, intent: () => ({ kind: "onboarding" }) },
  {
    test: /\b(company|company-wide|all teams)\b|公司排名|全公司|公司概况|各团队/,
    intent: (_t, p) => ({ kind: "company", period: p ?? "current" }),
  },
  { test: /\breport\b|月报|报告|分析报告/, intent: (_t, p) => ({ kind: "report", period: p ?? "previous" }) },
  {
    test: /\b(unpaid|receivables?|outstanding|overdue)\b|未回款|应收|欠款|逾期/,
    intent: () => ({ kind: "unpaid", page: 1 }),
  },
  {
    test: /\b(details?|det(ai|ia)ls?|orders|breakdown)\b|明细|详情|订单/,
    intent: (_t, p) => ({ kind: "details", period: p ?? "current", page: 1 }),
  },
  {
    test: /\b(team|leader ?b(oa|ao)rd|rankings?|ranks?|board|top (sales|sellers?|performers?|reps?))\b|团队|排名|排行|榜|排第|第几名|销冠/,
    intent: (_t, p) => ({ kind: "leaderboard", period: p ?? "current" }),
  },
  {
    test: /\b(kpi|progress?|on track|target|targets|score|how far|how am i doing|my numbers|performance|stats)\b|离目标|还差|业绩|进度|目标|得分|分数|多少分|绩效|完成|奖励|bonus points|days left|剩.{0,4}(天|工作日)|评分|回款|毛利|转化率|复购|留存|新客户|票数|出货|\b(revenue|conversion|profit|repurchase|retention|collections?|shipments|new customers)\b/,
    intent: (_t, p) => ({ kind: "progress", period: p ?? "current" }),
  },
];

/**
 * Parses a message or slash-command text. `mentions` are the chat user ids of people (not the bot)
 * mentioned in it: "/kpi @amy" asks for Amy's card.
 */
export function parseIntent(
  raw: string,
  options: ParseOptions & { now?: { year: number; month: number } } = {},
): Intent {
  // "?" alone asks for help; normalize() would make it empty (which asks for progress).
  if (/^\s*[?？]+\s*$/.test(raw)) return { kind: "help" };
  // A typed "@Pacer" (not a platform mention, which normalize() removes) addresses the bot.
  const text = normalize(raw.replace(/^\/kpi\b/i, "kpi")).replace(/^@pacer\b\s*/, "");
  const period = periodIn(text, options.now);
  // Requests Pacer recognises but cannot serve come first, so that their keywords ("目标", "订单",
  // "团队") do not answer them with another intent (see parse-limits.ts).
  const targets = targetIntent(text, {
    ...(options.mentions?.[0] ? { mention: options.mentions[0] } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  if (targets) return targets;
  const dispute = disputeIntentIn(text, raw, options.mentions?.[0]);
  if (dispute) return dispute;
  const rating = rateOrderIn(text, raw);
  if (rating) return rating;
  const limit = limitOf(text);
  if (limit === "profile") return profileIntent(text, options.mentions);
  if (limit) return { kind: "unsupported", topic: limit, text: raw.slice(0, 2000) };
  const other = options.mentions?.[0];
  if (other) return { kind: "lookup", query: `@${other}`, period: period ?? "current" };
  if (text === "" || text === "kpi") return { kind: "progress", period: "current" };
  // "/kpi <sub-command>": the sub-command is parsed like a message; anything else is a name.
  const sub = /^kpi (.+)$/.exec(text);
  if (sub) {
    const inner = parseIntent(sub[1]!, { now: options.now });
    return inner.kind === "unknown" ? { kind: "lookup", query: sub[1]!, period: "current" } : inner;
  }
  // "候选人 张三" / "candidate Amy Chen": one candidate's screening.
  const candidate = /^(?:候选人\s*|candidate\s+)(.+)$/u.exec(text);
  if (candidate && !/^(排名|列表|名单|筛选)/.test(candidate[1]!))
    return { kind: "candidate", query: candidate[1]!.trim() };
  // "team 华东一组", "团队排名 T-EAST": a named team's leaderboard (a month in the rest is a period).
  const namedTeam = teamNamedIn(text);
  if (namedTeam) return { kind: "leaderboard", period: period ?? "current", team: namedTeam };
  // "progress 王磊", "进度 E-A": someone's progress card by name (not "progress last month").
  const named = /^(?:progress|进度|业绩|绩效)\s+(?!of\s)(.+)$/u.exec(text);
  if (named && !mentionsPeriod(named[1]!) && parseIntent(named[1]!).kind === "unknown")
    return { kind: "lookup", query: named[1]!.trim(), period: period ?? "current" };
  // "张三的业绩", "kpi 张三", "show 张三": a name that is not a keyword → lookup by name.
  const zhName = /^([\p{Script=Han}·]{2,4})的(业绩|kpi|进度|绩效|得分|排名)/u.exec(text);
  if (zhName) return { kind: "lookup", query: zhName[1]!, period: period ?? "current" };
  // "how is Bob doing", "progress of Amy": someone else, unless it is "my"/"the team".
  const asked =
    /^(?:progress of|how is|how s) (?!my\b|me\b|the\b|team\b|our\b|it\b)([\p{L} .'-]{2,60}?)(?: doing)?$/u.exec(text);
  if (asked) return { kind: "lookup", query: asked[1]!.trim(), period: period ?? "current" };
  for (const rule of RULES) if (rule.test.test(text)) return rule.intent(text, period);
  if (period) return { kind: "progress", period };
  const enName = /^(?:show|progress of|how is) ([\p{L} .'-]{2,60})$/u.exec(text);
  if (enName) return { kind: "lookup", query: enName[1]!.trim(), period: "current" };
  return { kind: "unknown", text: raw.slice(0, 2000) };
}
