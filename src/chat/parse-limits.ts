// Honest limits: requests Pacer can recognise but does not (yet) serve. They are checked before the
// keyword rules of parse.ts so that a word like "订单" or "团队" inside such a request does not pull
// it into a details or team answer. (Targets, disputes, ratings and profiles are served: their
// parsers run first, or, for profiles, match here as "profile".)
// Input is normalize()d text (lower case, half-width, punctuation as spaces, mentions removed).
import type { UnsupportedTopic } from "./intents.ts";

// Verbs that change something, English.
const EN_CHANGE_VERBS = "set|change|update|raise|lower|increase|decrease|adjust|edit|modify|reset|bump";
// An English verb counts only as the request itself ("change …", "can you change …", "i want to
// change …"), not inside a question ("status update on my orders").
const EN_LEAD = "(?:^|\\b(?:please|pls|plz|can you|could you|would you|you|me|to|i|lets|let s|we|and|kpi)\\s)";
// "update on …", "change for …" are nouns, not requests.
const EN_NOT_A_VERB = "(?!\\s(?:on|about|for|of)\\b)";

/**
 * What a limit rule finds: a topic Pacer cannot serve, or "profile" — trends, history and profiles,
 * which the profile card answers; matched here, in this order, so that their keywords ("业绩",
 * "回款") do not pull them into a progress answer, nor a pay or export word pull them into a refusal.
 */
export type LimitMatch = UnsupportedTopic | "profile";

// Order matters: the more specific topics first (say, a dispute before "changing data" about an order).
const LIMITS: readonly { topic: LimitMatch; test: RegExp }[] = [
  {
    topic: "receivables_followup",
    test: /催款|催收|催一下|催回款|催.{0,8}(?:付款|回款|还款)|跟进.{0,8}(?:回款|欠款|应收|付款)|提醒.{0,8}(?:付款|回款|打款|客户)|\b(?:chase|follow(?:-| )?up(?: on)?|remind)\b.{0,30}\b(?:payments?|unpaid|receivables?|customers?|invoices?|overdue|debts?|client)\b|\bsend (?:a |the )?(?:payment )?reminders?\b|\bcollect (?:the )?(?:money|payment|debt)\b/u,
  },
  {
    topic: "settings",
    test: /(?:推送|提醒|通知|日报).{0,8}(?:时间|改到|改成|改为|调到|几点)|(?:改|调)到.{0,4}\d{1,2}\s*点|几点推送|\b(?:change|set|move)\b.{0,20}\b(?:daily|reminder|notification)s?\b.{0,20}(?:\btime\b|\bto \d|\d ?(?:am|pm)\b)|\bdaily\b.{0,20}\bat \d/u,
  },
  {
    topic: "profile",
    test: /趋势|走势|历史|曲线|过去\s*\d*\s*(?:几|半)?个?月|近\s*\d+\s*个?月|最近几个月|半年|今年以来|全年|同比|环比|每个月的?变化|\btrends?\b|\btrending\b|\bhistory\b|\bhistorical\b|\bover time\b|\b(?:last|past) (?:\d+|few|several|six|three|twelve) months\b|\bmonth over month\b|\byear over year\b|\byoy\b|\bytd\b|\byear to date\b/u,
  },
  {
    topic: "profile",
    test: /画像|个人档案|员工档案|个人资料|\bprofiles?\b/u,
  },
  {
    topic: "change_data",
    test: new RegExp(
      [
        "(?:修改|更改|删除|删掉|新增|添加|增加一|录入|补录|取消|撤销|作废|更新|改一下|标记|登记)\\s*.{0,12}(?:订单|客户|回款|付款|数据|记录|线索|金额|状态|单子|这单|offer)",
        "把(?!.{0,6}(?:语言|英文|中文|english|chinese)).{1,20}(?:改成|改为|改到|调到|调去|转到|转给|移到|划到|分给|标记为|标成)",
        "(?:调到|调去|转到|移到|加入|移出|踢出).{0,10}(?:团队|组)",
        "(?:发|给.{1,10}发).{0,4}offer|(?:办|办理|安排).{0,6}入职",
        `${EN_LEAD}(?:delete|remove|add|create|cancel|${EN_CHANGE_VERBS}|mark|enter|record|reassign|transfer|assign|move)\\b${EN_NOT_A_VERB}.{0,30}\\b(?:order|orders|customer|customers|payment|payments|record|records|data|lead|leads|deal|deals|amount|status|shipment|offer|offers|team)\\b`,
        "\\bmark\\b.{0,30}\\bas (?:paid|closed|won|lost|done)\\b",
        `${EN_LEAD}(?:send|make|extend|withdraw)\\b.{0,20}\\boffers?\\b`,
      ].join("|"),
      "u",
    ),
  },
  {
    topic: "single_order",
    test: /\b(?!q[1-4]\b)[a-z]{1,4}-?\d{1,12}\s*(?:这|那)?(?:个|笔|张)?(?:订单|单)|订单号?\s*#?\s*[a-z]{0,4}-?\d{1,12}(?![\d/.年月-])|单号|\border (?:no |number |#)?[a-z]{0,4}-?\d{1,12}\b(?![/-]\d)/u,
  },
  {
    // A file of the numbers; the month-end report (a file) is its own intent.
    topic: "export",
    test: /^(?!.*(?:report|月报|报告)).*(?:导出|下载|excel|xlsx|csv|表格|\bexport\b|\bdownload\b|\bspreadsheet\b)/u,
  },
  {
    topic: "pay",
    test: /提成|(?<!团队)奖金(?!档)|工资|薪资|薪水|佣金|\bcommissions?\b|(?<!team )\bbonus(?:es)?\b(?! tier| points?)|\bsalary\b|\bpayout\b|\bpaycheck\b/u,
  },
  {
    topic: "off_topic",
    test: /天气|下雨|笑话|讲个|写一首|写首|写诗|翻译|吃什么|午饭|晚饭|股票|股价|新闻|电影|唱首歌|请假|报销|\bvacation\b|\bday off\b|\bexpenses?\b|\bweather\b|\b(?:will it|going to|gonna) rain\b|\bjokes?\b|\bpoem\b|\btranslate\b|\blunch\b|\bdinner\b|\bstock price\b|\bmovie\b|\bsing (?:a|me)\b|\brecipe\b|\bbitcoin\b/u,
  },
];

/** The topic of a request Pacer cannot serve, "profile", or undefined when the text may be another ask. */
export function limitOf(text: string): LimitMatch | undefined {
  return LIMITS.find((limit) => limit.test.test(text))?.topic;
}
