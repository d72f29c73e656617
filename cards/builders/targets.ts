// Targets in chat: a manager's card of next month's targets per person and metric (last month's
// target and actual, the suggestion from the person's history, what would be saved), with "accept
// all" and one "edit" per person (a form: a Slack modal, a Lark form); the confirmation of a single
// change asked in words; what was saved; and the person's own notice of their new targets.
// Everything arrives formatted (src/chat/answers/targets.ts): no figures are computed here.
import type { Intent } from "../../src/chat/intents.ts";
import { type Button, type Card, type CardElement, type Form, same, type Text, text } from "../model.ts";
import { both, button } from "./common.ts";

export interface TargetRowView {
  person: string;
  metric: Text;
  lastTarget: Text;
  lastActual: Text;
  suggested: Text;
  proposed: Text;
}

export interface TargetFormView {
  /** Whose targets (a name). */
  person: string;
  period: Text;
  fields: { metric: string; label: Text; initial: string; hint?: Text }[];
  /** The target_save intent the values go to. */
  submit: Intent;
}

export interface TargetsCardView {
  team: string;
  period: Text;
  previous: Text;
  rows: TargetRowView[];
  /** One per person: the edit button's intent (target_edit) and the form it opens where it can. */
  edits: { person: string; intent: Intent; form: TargetFormView }[];
  /** "Accept all" (null when nothing could be proposed). */
  accept: Intent | null;
  /** What just happened (saved, …), shown first. */
  notice?: Text;
}

/** The form for one person's targets (Slack modal, Lark form container). */
export function targetForm(view: TargetFormView): Form {
  return {
    title: both((l) => (l === "zh-CN" ? `设置目标 · ${view.person}` : `Targets · ${view.person}`)),
    fields: view.fields.map((f) => ({
      name: f.metric,
      label: f.label,
      initial: f.initial,
      ...(f.hint ? { hint: f.hint } : {}),
    })),
    submit: button("target_save", text("保存", "Save"), view.submit, { style: "primary" }),
  };
}

export function targetsCard(view: TargetsCardView): Card {
  const elements: CardElement[] = [];
  if (view.notice) elements.push({ type: "text", text: view.notice });
  if (view.rows.length === 0)
    elements.push({
      type: "text",
      text: text("这个团队没有需要设置目标的成员。", "No one on this team has a plan to set targets for."),
    });
  else
    elements.push({
      type: "table",
      columns: [
        { key: "person", label: text("成员", "Person") },
        { key: "metric", label: text("指标", "Metric") },
        {
          key: "lastTarget",
          label: both((l) => (l === "zh-CN" ? `${view.previous[l]}目标` : `${view.previous[l]} target`)),
          align: "right",
        },
        {
          key: "lastActual",
          label: both((l) => (l === "zh-CN" ? `${view.previous[l]}实际` : `${view.previous[l]} actual`)),
          align: "right",
        },
        { key: "suggested", label: text("建议", "Suggested"), align: "right" },
        { key: "proposed", label: text("拟定", "To set"), align: "right" },
      ],
      rows: view.rows.map((r) => ({
        person: same(r.person),
        metric: r.metric,
        lastTarget: r.lastTarget,
        lastActual: r.lastActual,
        suggested: r.suggested,
        proposed: r.proposed,
      })),
    });
  elements.push({
    type: "context",
    text: text(
      "建议值 = 本人最近 6 个已结账月份的第 80 百分位（越低越好的指标取第 20 百分位）；没有历史时沿用上月目标。",
      "Suggested = the 80th percentile of the person's last 6 closed months (20th for lower-is-better metrics); without history, last month's target.",
    ),
  });
  const buttons: Button[] = [];
  if (view.accept)
    buttons.push(button("targets_accept", text("全部接受", "Accept all"), view.accept, { style: "primary" }));
  view.edits.forEach((e, i) =>
    buttons.push({
      ...button(
        `target_edit_${i + 1}`,
        both((l) => (l === "zh-CN" ? `修改 ${e.person}` : `Edit ${e.person}`)),
        e.intent,
      ),
      form: targetForm(e.form),
    }),
  );
  if (buttons.length) elements.push({ type: "actions", buttons });
  return {
    header: {
      title: both((l) =>
        l === "zh-CN" ? `${view.period[l]}目标 · ${view.team}` : `Targets for ${view.period[l]} · ${view.team}`,
      ),
      subtitle: text("接受建议，或逐人修改", "Accept the suggestions, or edit one person"),
      tone: "info",
    },
    elements,
    summary: both((l) =>
      l === "zh-CN" ? `${view.team} ${view.period[l]}目标待设置` : `${view.team}: targets for ${view.period[l]}`,
    ),
  };
}

/** One person's targets as a form in the card (what "edit" answers where there is no modal). */
export function targetFormCard(view: TargetFormView): Card {
  const form = targetForm(view);
  return {
    header: { title: form.title, subtitle: view.period, tone: "info" },
    elements: [{ type: "form", form }],
    summary: form.title,
  };
}

export interface TargetConfirmView {
  person: string;
  metric: Text;
  period: Text;
  before: Text;
  after: Text;
  /** target_save carrying the one value. */
  confirm: Intent;
  /** target_edit: every metric of the person, as a form. */
  edit: Intent;
  form: TargetFormView;
}

/** "Set 王磊's collected revenue target for November to ¥50,000.00?" with a confirm button. */
export function targetConfirmCard(view: TargetConfirmView): Card {
  const question = both((l) =>
    l === "zh-CN"
      ? `将 ${view.person} ${view.period[l]}的“${view.metric[l]}”目标从 ${view.before[l]} 改为 ${view.after[l]}？`
      : `Change ${view.person}'s ${view.metric[l]} target for ${view.period[l]} from ${view.before[l]} to ${view.after[l]}?`,
  );
  return {
    header: { title: text("确认修改目标", "Confirm the target change"), subtitle: same(view.person), tone: "warning" },
    elements: [
      { type: "text", text: question },
      {
        type: "actions",
        buttons: [
          button("target_confirm", text("确认", "Confirm"), view.confirm, { style: "primary" }),
          {
            ...button("target_edit", text("修改全部指标", "Edit all metrics"), view.edit),
            form: targetForm(view.form),
          },
        ],
      },
    ],
    summary: question,
  };
}

export interface TargetChangeView {
  metric: Text;
  before: Text;
  after: Text;
}

const changeLines = (changes: readonly TargetChangeView[]): Text =>
  both((l) => changes.map((c) => `• ${c.metric[l]}: ${c.before[l]} → ${c.after[l]}`).join("\n"));

/** What the manager sees after saving: per person what changed, and who was told. */
export function targetsSavedCard(view: {
  period: Text;
  people: { person: string; changes: TargetChangeView[] }[];
}): Card {
  const elements: CardElement[] = [];
  if (view.people.length === 0)
    elements.push({
      type: "text",
      text: text("目标与已保存的相同，没有变化。", "The targets were already so; nothing changed."),
    });
  for (const p of view.people)
    elements.push({
      type: "text",
      markdown: true,
      text: both((l) => `*${p.person}*\n${changeLines(p.changes)[l]}`),
    });
  const count = view.people.length;
  return {
    header: {
      title: both((l) => (l === "zh-CN" ? `${view.period[l]}目标已保存` : `Targets for ${view.period[l]} saved`)),
      tone: "good",
    },
    elements,
    summary: text(`已保存 ${count} 人的目标`, `Saved targets for ${count} ${count === 1 ? "person" : "people"}`),
  };
}

/** The person's notice: their new targets, who set them and when. */
export function newTargetsCard(view: { period: Text; changes: TargetChangeView[]; setBy: string; on: Text }): Card {
  return {
    header: {
      title: both((l) => (l === "zh-CN" ? `你的${view.period[l]}目标已更新` : `Your targets for ${view.period[l]}`)),
      tone: "info",
    },
    elements: [
      { type: "text", markdown: true, text: changeLines(view.changes) },
      {
        type: "context",
        text: both((l) =>
          l === "zh-CN" ? `由 ${view.setBy} 于 ${view.on[l]} 设置` : `Set by ${view.setBy} on ${view.on[l]}`,
        ),
      },
    ],
    summary: both((l) =>
      l === "zh-CN"
        ? `你的${view.period[l]}目标已由 ${view.setBy} 更新`
        : `${view.setBy} set your targets for ${view.period[l]}`,
    ),
  };
}

/** The progress card's line on where the targets came from: "target set by … on …" or the data feed. */
export function targetSourceLine(source: { by: string | null; on: Text; via: "chat" | "ingest" }): Text {
  return source.via === "chat" && source.by
    ? both((l) =>
        l === "zh-CN"
          ? `目标由 ${source.by} 于 ${source.on[l]} 在聊天中设置`
          : `Target set by ${source.by} on ${source.on[l]} (in chat)`,
      )
    : both((l) =>
        l === "zh-CN"
          ? `目标来自数据导入，更新于 ${source.on[l]}`
          : `Targets from the data feed, updated ${source.on[l]}`,
      );
}
