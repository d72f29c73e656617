// The small cards: help (also the answer to unknown text — never silence), not linked (how to get
// linked, and nothing else), errors, language switched, daily message muted/unmuted, and "no data"
// answers.
import type { Intent } from "../../src/chat/intents.ts";
import { formatPeriod, truncateWidth } from "../format.ts";
import { text, type Button, type Card, type CardElement, type Locale, type Text } from "../model.ts";
import { both, button } from "./common.ts";

export interface HelpCardOptions {
  /** The asker's role: managers also see how to look at a teammate, HR and admins the HR topics. */
  role?: "sales" | "manager" | "hr" | "admin";
  /** The text that was not understood, quoted back (shortened). */
  didNotUnderstand?: string;
}

// Examples in both languages in either locale: intents are recognised in both whatever the
// user's language, and people mix them.
type Audience = NonNullable<HelpCardOptions["role"]>;
const EVERYONE: readonly Audience[] = ["sales", "manager", "hr", "admin"];

const HELP_TOPICS: readonly { label: Text; examples: Text; for?: readonly Audience[] }[] = [
  {
    label: text("我的进度", "My progress"),
    examples: text(
      "离目标还差多少 · 本月业绩 · /kpi · how far from target?",
      "how far from target? · /kpi · 离目标还差多少 · 本月业绩",
    ),
  },
  {
    label: text("其他月份", "Another month"),
    examples: text("上个月 · 2026年9月 · last month", "last month · 2026-09 · 上个月"),
  },
  {
    label: text("明细", "Details"),
    examples: text("明细 · 未回款 · details · unpaid", "details · unpaid · 明细 · 未回款"),
  },
  {
    label: text("团队排名", "Team ranking"),
    examples: text("团队排名 · /kpi team · team", "team · /kpi team · 团队排名"),
  },
  {
    label: text("趋势与画像", "Trend and profile"),
    examples: text("趋势 · 员工画像 · profile 王磊", "my trend · profile 王磊 · history"),
  },
  {
    label: text("看某位组员", "A team member"),
    examples: text("/kpi @某人 · 张伟的业绩", "/kpi @someone · 张伟的业绩"),
    for: ["manager", "hr", "admin"],
  },
  {
    label: text("全公司", "The company"),
    examples: text("公司排名 · 团队 华东销售组 · 王磊的进度", "company · team T-EAST · progress 王磊"),
    for: ["hr", "admin"],
  },
  { label: text("切换语言", "Language"), examples: text("english · 中文", "english · 中文") },
  {
    label: text("每日推送", "Daily message"),
    examples: text("停止每日推送 · 恢复每日推送 · stop daily", "stop daily · resume daily · 停止每日推送"),
  },
  {
    label: text("人事", "HR"),
    examples: text("待确认offer · 入职进度 · report 2026-10", "offers · onboarding · report 2026-10"),
    for: ["hr", "admin"],
  },
];

/** The primary "My progress" button of the help and linked cards. */
const myProgressButton = (): Button =>
  button("my_progress", text("我的进度", "My progress"), { kind: "progress", period: "current" }, { style: "primary" });

/**
 * The list of asks for a role, with the "in either language" note and the quick buttons: the body
 * of the help card, also shown when Pacer cannot do what was asked (builders/limits.ts).
 */
export function whatCanBeAsked(role: HelpCardOptions["role"]): CardElement[] {
  // Without a role (e.g. not yet known) everything is listed.
  const topics = HELP_TOPICS.filter((t) => role === undefined || (t.for ?? EVERYONE).includes(role));
  return [
    { type: "fields", fields: topics.map((t) => ({ label: t.label, value: t.examples })) },
    { type: "context", text: text("中英文都可以，简写也行。", "Chinese or English, short forms welcome.") },
    {
      type: "actions",
      buttons: [
        myProgressButton(),
        button("leaderboard", text("团队排名", "Team ranking"), { kind: "leaderboard", period: "current" }),
        button("lang_en", text("English", "English"), { kind: "language", locale: "en" }),
        button("lang_zh", text("中文", "中文"), { kind: "language", locale: "zh-CN" }),
      ],
    },
  ];
}

export function helpCard(options: HelpCardOptions = {}): Card {
  const elements: CardElement[] = [];
  const heardRaw = options.didNotUnderstand?.trim() ?? "";
  if (heardRaw !== "") {
    const heard = truncateWidth(heardRaw.replace(/\s+/g, " "), 80);
    elements.push({
      type: "text",
      text: text(`没听懂“${heard}”。你可以这样问：`, `Sorry, I didn't understand “${heard}”. You can ask:`),
    });
  }
  elements.push(...whatCanBeAsked(options.role));
  return {
    header: { title: text("Pacer 可以回答这些问题", "What you can ask Pacer"), tone: "info" },
    elements,
    summary: text(
      "你可以问：离目标还差多少、本月业绩、明细、团队排名",
      "You can ask: how far from target?, details, team, last month",
    ),
  };
}

export interface NotLinkedCardOptions {
  /** Where the asker is; "console" (the demo) shows both platforms' flags. */
  platform: "slack" | "lark" | "console";
  /** The asker's chat id (Slack U…, Lark ou_…), so the admin's command can be copied as is. */
  chatUserId?: string;
}

/** Only how to get linked: an unlinked user sees no numbers at all. */
export function notLinkedCard(options: NotLinkedCardOptions): Card {
  const slack = `--slack ${options.chatUserId ?? "U…"}`;
  const lark = `--lark ${options.chatUserId ?? "ou_…"}`;
  const command = options.platform === "slack" ? slack : options.platform === "lark" ? lark : `${slack} | ${lark}`;
  // Chinese text puts spaces around Latin words ("在 Slack 中"), none around Chinese ones.
  const platformName =
    options.platform === "slack"
      ? text(" Slack ", "Slack")
      : options.platform === "lark"
        ? text("飞书", "Feishu/Lark")
        : text(" Slack 或飞书", "Slack or Feishu/Lark");
  // Slack matches by email; Lark's contact API by email or mobile (README "Connect to Slack", "Connect to Feishu/Lark").
  const contact = options.platform === "slack" ? text("邮箱", "email") : text("邮箱或手机号", "email or mobile number");
  return {
    header: { title: text("还没有关联你的员工账号", "Your account isn't linked yet"), tone: "warning" },
    elements: [
      {
        type: "text",
        text: text(
          "Pacer 还不知道你是哪位员工，所以暂时不能显示任何数据。关联方式二选一：",
          "Pacer doesn't know which employee you are yet, so it can't show you any numbers. Either:",
        ),
      },
      {
        type: "text",
        text: both((l) =>
          l === "zh-CN"
            ? `1. 请管理员运行：pacer link <员工编号> ${command}\n2. 或者让你在${platformName[l]}中的${contact[l]}与 Pacer 员工资料中的一致，然后点“重试”。`
            : `1. Ask an admin to run: pacer link <employee id> ${command}\n2. Or make your ${contact[l]} in ${platformName[l]} the same as in your Pacer employee record, then press “Try again”.`,
        ),
      },
      {
        type: "actions",
        buttons: [button("link_retry", text("重试", "Try again"), { kind: "link" }, { style: "primary" })],
      },
    ],
    summary: text(
      "还没有关联你的员工账号：请管理员运行 pacer link",
      "Your account isn't linked yet: ask an admin to run pacer link",
    ),
  };
}

/** The answer to "link me" from someone already linked: who Pacer thinks they are. */
export function linkedCard(options: { name: string; externalId: string }): Card {
  const who = `${options.name}（${options.externalId}）`;
  const whoEn = `${options.name} (${options.externalId})`;
  return {
    header: { title: text("账号已关联", "Your account is linked"), tone: "good" },
    elements: [
      { type: "text", text: text(`你已关联到员工 ${who}。`, `You are linked to employee ${whoEn}.`) },
      {
        type: "context",
        text: text("如果不是你，请联系管理员更正。", "If that isn't you, please ask an admin to correct it."),
      },
      {
        type: "actions",
        buttons: [myProgressButton()],
      },
    ],
    summary: text(`已关联到 ${who}`, `Linked to ${whoEn}`),
  };
}

export function errorCard(message: Text, options: { retry?: Intent } = {}): Card {
  const elements: CardElement[] = [
    { type: "text", text: message },
    {
      type: "context",
      text: text("如果问题一直出现，请联系管理员。", "If this keeps happening, please tell your admin."),
    },
  ];
  if (options.retry)
    elements.push({ type: "actions", buttons: [button("retry", text("重试", "Try again"), options.retry)] });
  return {
    header: { title: text("出错了", "Something went wrong"), tone: "bad" },
    elements,
    summary: both((l) => (l === "zh-CN" ? `出错了：${message[l]}` : `Something went wrong: ${message[l]}`)),
  };
}

export function languageSwitchedCard(locale: Locale): Card {
  const toEnglish = locale === "en";
  return {
    header: {
      title: toEnglish
        ? text("已切换为英文", "Language set to English")
        : text("已切换为中文", "Language set to Chinese"),
      tone: "good",
    },
    elements: [
      {
        type: "text",
        text: toEnglish
          ? text("发送“中文”可以切换回中文。", "Send “中文” to switch back to Chinese.")
          : text("发送“english”可以切换为英文。", "Send “english” to switch to English."),
      },
      {
        type: "context",
        text: text("飞书卡片的语言跟随飞书客户端的设置。", "On Feishu/Lark, cards follow the app's own language."),
      },
    ],
    summary: toEnglish
      ? text("已切换为英文", "Language set to English")
      : text("已切换为中文", "Language set to Chinese"),
  };
}

/** `on`: the daily message is muted (as in the `mute` intent). */
export function mutedCard(on: boolean): Card {
  const title = on ? text("已停止每日推送", "Daily message stopped") : text("已恢复每日推送", "Daily message resumed");
  return {
    header: { title, tone: on ? "neutral" : "good" },
    elements: [
      {
        type: "text",
        text: on
          ? text(
              "不会再每天发进度给你，随时问我仍然可以。",
              "You won't get the daily progress message any more; you can still ask any time.",
            )
          : text("每个工作日早上会收到你的进度。", "You'll get your progress every working-day morning."),
      },
      {
        type: "actions",
        buttons: [
          on
            ? button("mute_off", text("恢复每日推送", "Resume daily message"), { kind: "mute", on: false })
            : button("mute_on", text("停止每日推送", "Stop daily message"), { kind: "mute", on: true }),
        ],
      },
    ],
    summary: title,
  };
}

export type NoDataReason = "no_organization" | "no_team" | "no_plan" | "not_scored" | "no_data" | "future_period";

export interface NoDataCardOptions {
  /** Whose data is missing, when it is not the asker's own. */
  name?: string;
  period?: string;
}

/** A clear "nothing to show" with the reason, instead of an empty card or an error. */
export function noDataCard(reason: NoDataReason, options: NoDataCardOptions = {}): Card {
  const name = options.name;
  const period = options.period ? formatPeriod(options.period) : text("这段时间", "this period");
  const message = both((l): string => {
    const zh = l === "zh-CN";
    const who = name ?? (zh ? "你" : "You");
    // English agreement for "you" vs a third person.
    const has = name ? "has" : "have";
    const isnt = name ? "isn't" : "aren't";
    switch (reason) {
      case "no_organization":
        return zh
          ? "Pacer 还没有设置公司数据，请联系管理员导入。"
          : "Pacer has no company data yet; please ask an admin to import it.";
      case "no_team":
        return zh
          ? `${who}名下还没有团队，所以没有团队排名可看。`
          : `${who} ${has} no team yet, so there is no team ranking to show.`;
      case "no_plan":
        return zh
          ? `${who}还没有 KPI 方案或目标，所以没有进度可显示。请联系管理员设置。`
          : `${who} ${has} no KPI plan or targets yet, so there is no progress to show. Please ask an admin to set them up.`;
      case "not_scored":
        return zh
          ? `${who}不是参与考核的销售，没有个人进度。`
          : `${who} ${isnt} a salesperson with a KPI plan, so there is no personal progress.`;
      case "no_data":
        return zh ? `${period[l]}还没有数据。` : `There is no data for ${period[l]} yet.`;
      case "future_period":
        return zh ? `${period[l]}还没有开始。` : `${options.period ? period[l] : "That period"} hasn't started yet.`;
    }
  });
  return {
    header: { title: text("暂无数据", "Nothing to show yet"), tone: "neutral" },
    elements: [{ type: "text", text: message }],
    summary: message,
  };
}
