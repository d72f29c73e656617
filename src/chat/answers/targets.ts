// Setting targets in chat (docs: README "Targets in chat"). Only a manager of the person's team (with
// its branches), HR and admins may set a target; a salesperson asking is told so, and so is a
// manager asking about someone outside their teams. Managers do not set their own targets.
// The card shows next month by default; a month already over cannot be changed here.
import { errorCard } from "../../../cards/index.ts";
import {
  newTargetsCard,
  type TargetChangeView,
  targetConfirmCard,
  type TargetFormView,
  targetFormCard,
  targetsCard,
  targetsSavedCard,
} from "../../../cards/builders/targets.ts";
import { formatDate, formatMetric, formatPeriod, metricLabelText } from "../../../cards/format.ts";
import { type Card, same, type Text, text } from "../../../cards/model.ts";
import { addPeriods, comparePeriods, periodOfInstant, type Period } from "../../kpi/period.ts";
import { METRICS, type MetricKey } from "../../kpi/metrics.ts";
import {
  checkTargets,
  saveTargets,
  TargetInputError,
  type TargetChange,
  type TeamTargets,
  teamTargets,
} from "../../services/targets.ts";
import { peopleLinkedTo, peopleNamed, personByExternalId, planMetricsOf } from "../../store/chat.ts";
import { teamsMatching } from "../../store/company.ts";
import type { OrganizationInfo } from "../../store/kpi-inputs.ts";
import { loadTeam } from "../../store/people.ts";
import { loadViewer } from "../identity.ts";
import type { IntentOf } from "../intents.ts";
import { defaultTeam, type Viewer } from "../permissions.ts";
import { type ChatDeps, type Notice, type Person, Refusal, type Reply } from "./context.ts";

const SAY = {
  repsCannot: text(
    "只有团队经理、人事和管理员可以设置目标。你的目标由经理设置，问“离目标还差多少”可查看进度。",
    "Only the team's managers, HR and admins can set targets. Your manager sets yours; ask “how far from target?” to see your progress.",
  ),
  notYourTeam: (name: string) =>
    text(
      `你只能为自己团队的成员设置目标，${name} 不在你管理的团队中。`,
      `You can set targets only for your own teams; ${name} is not on one.`,
    ),
  notYourTeamCard: text("你只能为自己管理的团队设置目标。", "You can set targets only for the teams you manage."),
  notOwn: text(
    "目标由你的上级、人事或管理员设置，不能自己设置。",
    "Your own targets are set by your manager, HR or an admin.",
  ),
  nameATeam: text("请指明团队，例如“设目标 华东销售组”。", "Name a team, e.g. “set targets T-EAST”."),
  noSuchTeam: (q: string) => text(`找不到团队“${q}”。`, `No team called "${q}".`),
  noSuchPerson: (q: string) => text(`找不到“${q}”。`, `No one called "${q}".`),
  severalPeople: (q: string, ids: string[]) =>
    text(
      `有多人叫“${q}”：${ids.join("、")}，请用工号。`,
      `Several people match "${q}": ${ids.join(", ")}; use the employee id.`,
    ),
  noPlan: (name: string) => text(`${name} 没有考核方案，无需设置目标。`, `${name} has no KPI plan to set targets for.`),
  notInPlan: (name: string, metric: Text) =>
    text(`“${metric["zh-CN"]}”不在 ${name} 的考核方案中。`, `${metric.en} is not in ${name}'s plan.`),
  pastMonth: (p: Text) =>
    text(`${p["zh-CN"]}已经过去，不能再修改目标。`, `${p.en} is over; its targets can no longer change.`),
  emptyForm: text("没有收到任何目标值，请重新填写。", "No target values came through; fill in the form again."),
  invalid: (problems: { metric: Text; message: string }[]) =>
    text(
      `目标未保存：${problems.map((p) => `${p.metric["zh-CN"]}：${p.message}`).join("；")}`,
      `Nothing was saved: ${problems.map((p) => `${p.metric.en}: ${p.message}`).join("; ")}`,
    ),
};

const refuse = (message: Text): never => {
  throw new Refusal(errorCard(message));
};

/** Whether `viewer` may set the targets of someone on `teamId`. */
export function canSetTargets(viewer: Viewer, person: { id: number; teamId: number | null }): boolean {
  if (viewer.role === "hr" || viewer.role === "admin") return true;
  if (viewer.role !== "manager" || person.id === viewer.id) return false;
  return person.teamId !== null && viewer.managedTeamIds.includes(person.teamId);
}

function mayUseTargets(viewer: Viewer): void {
  if (viewer.role === "sales") refuse(SAY.repsCannot);
}

const show = (metric: MetricKey, value: string | null, currency: string): Text =>
  value === null ? same("—") : formatMetric(metric, value, currency);

/** The month a request is about: given, or (the card) next month / (one change) this month; never a past one. */
function monthOf(deps: ChatDeps, org: OrganizationInfo, given: string | undefined, ahead: number): Period {
  const running = periodOfInstant(deps.now(), org.timezone);
  const period = given ?? addPeriods(running, ahead);
  if (comparePeriods(period, running) < 0) refuse(SAY.pastMonth(formatPeriod(period)));
  return period;
}

async function personByKey(deps: ChatDeps, viewer: Viewer, key: string): Promise<Person> {
  const person = await personByExternalId(deps.pool, key);
  if (!person) return refuse(SAY.noSuchPerson(key));
  if (person.id === viewer.id) refuse(SAY.notOwn);
  if (!canSetTargets(viewer, person)) refuse(SAY.notYourTeam(person.name));
  return person;
}

function formView(
  person: Person,
  period: Period,
  lines: { metric: MetricKey; proposed: string | null }[],
  currency: string,
): TargetFormView {
  return {
    person: person.name,
    period: formatPeriod(period),
    fields: lines.map((l) => ({
      metric: l.metric,
      label: metricLabelText(l.metric),
      initial: l.proposed ?? "",
      ...(l.proposed ? { hint: show(l.metric, l.proposed, currency) } : {}),
    })),
    submit: { kind: "target_save", employee: person.externalId, period },
  };
}

function teamCard(
  org: OrganizationInfo,
  team: { externalId: string; name: string },
  t: TeamTargets,
  notice?: Text,
): Card {
  const c = org.currency;
  const proposedAny = t.members.some((m) => m.lines.some((l) => l.proposed !== null));
  return targetsCard({
    team: team.name,
    period: formatPeriod(t.period),
    previous: formatPeriod(t.previous),
    rows: t.members.flatMap((m) =>
      m.lines.map((l) => ({
        person: m.name,
        metric: metricLabelText(l.metric),
        lastTarget: show(l.metric, l.lastTarget, c),
        lastActual: show(l.metric, l.lastActual, c),
        suggested: show(l.metric, l.suggested, c),
        proposed: show(l.metric, l.proposed, c),
      })),
    ),
    edits: t.members.map((m) => {
      const person = { id: m.id, externalId: m.externalId, name: m.name, teamId: null };
      return {
        person: m.name,
        intent: { kind: "target_edit", employee: m.externalId, period: t.period },
        form: formView(person, t.period, m.lines, c),
      };
    }),
    accept: proposedAny ? { kind: "targets_accept", team: team.externalId, period: t.period } : null,
    ...(notice ? { notice } : {}),
  });
}

/** A team's targets card for the month (the month-end job sends it to the team's manager). */
export async function teamTargetsCard(
  pool: ChatDeps["pool"],
  org: OrganizationInfo,
  teamId: number,
  period: Period,
  asOf: Date,
): Promise<Card | null> {
  const team = await loadTeam(pool, teamId);
  if (!team) return null;
  return teamCard(org, team, await teamTargets(pool, teamId, period, { asOf, organization: org }));
}

async function teamFor(deps: ChatDeps, viewer: Viewer, query: string | undefined) {
  let teamId: number | null;
  if (query) {
    const found = await teamsMatching(deps.pool, query);
    if (found.length === 0) return refuse(SAY.noSuchTeam(query));
    teamId = found[0]!.id;
  } else teamId = defaultTeam(viewer);
  if (teamId === null) return refuse(SAY.nameATeam);
  const privileged = viewer.role === "hr" || viewer.role === "admin";
  if (!privileged && !viewer.managedTeamIds.includes(teamId)) refuse(SAY.notYourTeamCard);
  const team = await loadTeam(deps.pool, teamId);
  if (!team) return refuse(SAY.noSuchTeam(query ?? String(teamId)));
  return team;
}

/** "设目标": the team's targets for the month, to accept or edit. */
export async function targetsForTeam(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"targets">,
): Promise<Card> {
  mayUseTargets(viewer);
  const team = await teamFor(deps, viewer, intent.team);
  const period = monthOf(deps, org, intent.period, 1);
  return teamCard(org, team, await teamTargets(deps.pool, team.id, period, { asOf: deps.now(), organization: org }));
}

/**
 * The people whose targets changed, told in their own language what changed and by whom: one
 * notice per audited change, sent on their own platform whichever the manager asked on.
 */
async function notices(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  period: Period,
  changed: { person: Person; changes: TargetChange[]; auditId: number }[],
): Promise<Notice[]> {
  const out: Notice[] = [];
  for (const { person, changes, auditId } of changed) {
    const rep = await loadViewer(deps.pool, person.id);
    const locale = rep?.locale === "en" || rep?.locale === "zh-CN" ? rep.locale : org.defaultLocale;
    const card = newTargetsCard({
      period: formatPeriod(period),
      changes: changeViews(changes, org.currency),
      setBy: viewer.name,
      on: formatDate(deps.now(), org.timezone),
    });
    out.push({ employeeId: person.id, card, locale, key: `targets.${period}.${person.externalId}.a${auditId}` });
  }
  return out;
}

const changeViews = (changes: readonly TargetChange[], currency: string): TargetChangeView[] =>
  changes.map((c) => ({
    metric: metricLabelText(c.metric),
    before: show(c.metric, c.before, currency),
    after: show(c.metric, c.after, currency),
  }));

/** Saves, and returns what the manager is told and the notices for the people whose targets changed. */
async function save(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  period: Period,
  people: { person: Person; values: { metric: MetricKey; value: string }[] }[],
): Promise<{ saved: Card; notices: Notice[] }> {
  const changes = await saveTargets(deps.pool, {
    period,
    setBy: viewer,
    people: people.map((p) => ({ id: p.person.id, externalId: p.person.externalId, values: p.values })),
    at: deps.now(),
  });
  const changed = people.flatMap((p) => {
    const c = changes.get(p.person.id);
    return c ? [{ person: p.person, ...c }] : [];
  });
  const saved = targetsSavedCard({
    period: formatPeriod(period),
    people: changed.map((c) => ({ person: c.person.name, changes: changeViews(c.changes, org.currency) })),
  });
  return { saved, notices: await notices(deps, org, viewer, period, changed) };
}

/** "Accept all": every proposed target of the team for the month. */
export async function acceptTeamTargets(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"targets_accept">,
): Promise<Omit<Reply, "locale">> {
  mayUseTargets(viewer);
  const team = await teamFor(deps, viewer, intent.team);
  const period = monthOf(deps, org, intent.period, 1);
  const before = await teamTargets(deps.pool, team.id, period, { asOf: deps.now(), organization: org });
  const people = before.members
    .filter((m) => m.id !== viewer.id)
    .map((m) => ({
      person: { id: m.id, externalId: m.externalId, name: m.name, teamId: team.id },
      values: m.lines.flatMap((l) => (l.proposed === null ? [] : [{ metric: l.metric, value: l.proposed }])),
    }));
  const { saved, notices: told } = await save(deps, org, viewer, period, people);
  const after = await teamTargets(deps.pool, team.id, period, { asOf: deps.now(), organization: org });
  return { card: teamCard(org, team, after, saved.summary), personal: true, notices: told };
}

/** "Edit 王磊": their targets for the month as a form (where the platform has no modal). */
export async function editTargets(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"target_edit">,
): Promise<Card> {
  mayUseTargets(viewer);
  const person = await personByKey(deps, viewer, intent.employee);
  const period = monthOf(deps, org, intent.period, 1);
  if (person.teamId === null) return refuse(SAY.noPlan(person.name));
  const t = await teamTargets(deps.pool, person.teamId, period, { asOf: deps.now(), organization: org });
  const member = t.members.find((m) => m.id === person.id);
  if (!member || member.lines.length === 0) return refuse(SAY.noPlan(person.name));
  return targetFormCard(formView(person, period, member.lines, org.currency));
}

/** A form's submit or a confirmation: saves one person's targets. */
export async function saveOne(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"target_save">,
): Promise<Omit<Reply, "locale">> {
  mayUseTargets(viewer);
  const person = await personByKey(deps, viewer, intent.employee);
  const period = monthOf(deps, org, intent.period, 1);
  const typed = Object.fromEntries(Object.entries(intent.form ?? {}).filter(([, v]) => v.trim() !== ""));
  if (Object.keys(typed).length === 0) refuse(SAY.emptyForm);
  const metrics = await planMetricsOf(deps.pool, person.id);
  if (metrics.length === 0) refuse(SAY.noPlan(person.name));
  const values = checked(() => checkTargets({ externalId: person.externalId, metrics }, period, typed));
  const { saved, notices: told } = await save(deps, org, viewer, period, [{ person, values }]);
  return { card: saved, personal: true, notices: told };
}

/** Target errors as a card naming each bad value. */
function checked<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof TargetInputError)) throw error;
    const label = (m: string): Text =>
      (METRICS as readonly string[]).includes(m) ? metricLabelText(m as MetricKey) : same(m);
    return refuse(SAY.invalid(error.problems.map((p) => ({ metric: label(p.metric), message: p.message }))));
  }
}

/** "把王磊的目标改成50000": who, which metric, the value checked — then a card to confirm. */
export async function changeOne(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"target_change">,
): Promise<Card> {
  mayUseTargets(viewer);
  const q = intent.query;
  if (q === "me") return refuse(SAY.notOwn);
  const rows = q.startsWith("@") ? await peopleLinkedTo(deps.pool, q.slice(1)) : await peopleNamed(deps.pool, q);
  if (rows.length === 0) return refuse(SAY.noSuchPerson(q));
  if (rows.length > 1)
    return refuse(
      SAY.severalPeople(
        q,
        rows.map((r) => r.externalId),
      ),
    );
  const person: Person = rows[0]!;
  if (person.id === viewer.id) refuse(SAY.notOwn);
  if (!canSetTargets(viewer, person)) refuse(SAY.notYourTeam(person.name));
  const period = monthOf(deps, org, intent.period, 0);
  const metrics = await planMetricsOf(deps.pool, person.id);
  if (metrics.length === 0) refuse(SAY.noPlan(person.name));
  const metric = intent.metric ?? metrics[0]!;
  if (!metrics.includes(metric)) refuse(SAY.notInPlan(person.name, metricLabelText(metric)));
  const [value] = checked(() =>
    checkTargets({ externalId: person.externalId, metrics }, period, { [metric]: intent.value }),
  );
  if (person.teamId === null) return refuse(SAY.noPlan(person.name));
  const t = await teamTargets(deps.pool, person.teamId, period, { asOf: deps.now(), organization: org });
  const lines = t.members.find((m) => m.id === person.id)?.lines ?? [];
  const current = lines.find((l) => l.metric === metric)?.current?.value ?? null;
  return targetConfirmCard({
    person: person.name,
    metric: metricLabelText(metric),
    period: formatPeriod(period),
    before: current === null ? text("未设", "none") : show(metric, current, org.currency),
    after: show(metric, value!.value, org.currency),
    confirm: { kind: "target_save", employee: person.externalId, period, form: { [metric]: value!.value } },
    edit: { kind: "target_edit", employee: person.externalId, period },
    form: formView(
      person,
      period,
      lines.map((l) => (l.metric === metric ? { ...l, proposed: value!.value } : l)),
      org.currency,
    ),
  });
}
