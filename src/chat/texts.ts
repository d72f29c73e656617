// The chat core's own user-facing sentences, in both languages (cards carry the rest).
import { type Text, text } from "../../cards/model.ts";

export const TEXTS = {
  somethingWentWrong: text(
    "出了点问题，请稍后再试。管理员可在日志中查看详情。",
    "Something went wrong; please try again later. An admin can find the details in the log.",
  ),
  /** A button whose value is not ours, malformed, or no longer valid: the same card on every platform. */
  staleButton: text("这个按钮已失效或被修改，请重新提问。", "This button is out of date or was changed; ask again."),
  /** A late answer (the question waited for the database): which question it answers, and the data's time. */
  lateAnswer: (askedAt: string, dataAt: string): Text =>
    text(
      `回复你 ${askedAt} 的提问（数据截至 ${dataAt}）。`,
      `Answering your question from ${askedAt} (data as of ${dataAt}).`,
    ),
  sentByDm: text("你的数据已私信发送给你。", "I sent your numbers to you by direct message."),
  pictureNotSent: text(
    "趋势图没能附上，卡片上的数字是完整的。",
    "The trend chart could not be attached; the figures on the card are complete.",
  ),
  reportsForHr: text(
    "月度分析报告仅供人事和管理员查看；团队经理可查看本团队的报告。",
    "Month-end reports are for HR and admins; managers see their own team's.",
  ),
  cannotSeePerson: text("你没有权限查看此人的数据。", "You can't see this person's numbers."),
  cannotSeeTeam: text("你没有权限查看这个团队。", "You can't see this team."),
  noSuchPerson: (query: string): Text =>
    text(`找不到你可以查看的“${query}”。`, `No one called "${query}" whose numbers you can see.`),
  severalPeople: (query: string, ids: string[]): Text =>
    text(
      `有多人叫“${query}”：${ids.join("、")}，请用工号。`,
      `Several people match "${query}": ${ids.join(", ")}; use the employee id.`,
    ),
  companyForHr: text("全公司排名仅供人事和管理员查看。", "The company overview is for HR and admins."),
  noSuchTeam: (query: string): Text =>
    text(`找不到团队“${query}”，请从列表中选择。`, `No team called "${query}"; pick one from the list.`),
  severalTeams: (query: string, ids: string[]): Text =>
    text(
      `有多个团队叫“${query}”：${ids.join("、")}，请用团队编号。`,
      `Several teams match "${query}": ${ids.join(", ")}; use the team id.`,
    ),
  checklistTicked: (title: string, name: string, done: boolean): Text =>
    done
      ? text(`已将 ${name} 的“${title}”标记为完成。`, `Marked "${title}" done for ${name}.`)
      : text(`已将 ${name} 的“${title}”改回未完成。`, `Marked "${title}" not done for ${name}.`),
  checklistUnchanged: (title: string, name: string): Text =>
    text(`${name} 的“${title}”已是这个状态，未做更改。`, `"${title}" for ${name} was already so; nothing changed.`),
  recruitmentForHr: text(
    "招聘和入职信息仅供人事、管理员和招聘经理查看。",
    "Recruitment and onboarding are for HR, admins and hiring managers.",
  ),
  onlyHrActsOnOffers: text("只有人事可以处理 offer。", "Only HR can act on offers."),
  noSuchCandidate: (query: string): Text =>
    text(`找不到你可以查看的候选人“${query}”。`, `No candidate "${query}" that you can see.`),
  offerDone: {
    accept: (o: string): Text => text(`已将 ${o} 标记为接受。`, `Marked ${o} accepted.`),
    decline: (o: string): Text => text(`已将 ${o} 标记为拒绝。`, `Marked ${o} declined.`),
    extend: (o: string, d: number): Text =>
      text(`${o} 的答复期限已延长 ${d} 天。`, `Extended ${o}'s deadline by ${d} days.`),
    remind: (o: string): Text => text(`已记录对 ${o} 候选人的提醒。`, `Logged a reminder to ${o}'s candidate.`),
  },
} as const;
