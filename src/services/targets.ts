// Targets set in chat: a team's targets for a month beside last month's target and actual and the
// suggestion from each person's own history (kpi/suggest.ts through ./recommend.ts), and saving
// them — validated like the ingest API validates them, written with who set them and when, and
// audited in the same transaction. The latest write wins, chat or ingest.
import { PacerError } from "../errors.ts";
import { inTransaction, type Sql } from "../db/client.ts";
import { invalidateConfig } from "../db/config-cache.ts";
import type pg from "pg";
import { targetRow } from "../ingest/entities.ts";
import { Decimal } from "../kpi/decimal.ts";
import { METRIC_DEFINITIONS, type MetricKey } from "../kpi/metrics.ts";
import { comparePeriods, periodOfInstant, previousPeriod, type Period } from "../kpi/period.ts";
import type { SuggestionStatus } from "../kpi/suggest.ts";
import { recordAudit } from "../store/audit.ts";
import type { OrganizationInfo } from "../store/kpi-inputs.ts";
import { type StoredTarget, storedTargets, targetMembers, writeChatTargets } from "../store/targets.ts";
import { computePeriod } from "./period-results.ts";
import { suggestTargets } from "./recommend.ts";

/** Targets that cannot be saved: every bad value named (nothing is written). */
export class TargetInputError extends PacerError {
  static override readonly code = "targets.invalid_value";
  static override readonly userMessage = {
    "zh-CN": "目标值无效，未保存任何目标。",
    en: "A target value is invalid; no target was saved.",
  };
  static override readonly httpStatus = 422;
  constructor(readonly problems: { metric: string; message: string }[]) {
    super(`Invalid targets: ${problems.map((p) => `${p.metric}: ${p.message}`).join("; ")}`);
    this.name = "TargetInputError";
  }
}

export interface TargetLine {
  metric: MetricKey;
  /** Last month's target and actual (as of now while it runs); null when none. */
  lastTarget: string | null;
  lastActual: string | null;
  /** The history rule's suggestion (null: no closed month to go by, or not positive). */
  suggested: string | null;
  suggestion: SuggestionStatus;
  /** What is stored for the month already (ingest or chat), with its provenance. */
  current: StoredTarget | null;
  /** What "accept all" saves: the stored target, else the suggestion, else last month's target. */
  proposed: string | null;
}

export interface MemberTargets {
  id: number;
  externalId: string;
  name: string;
  lines: TargetLine[];
}

export interface TeamTargets {
  period: Period;
  previous: Period;
  members: MemberTargets[];
}

const places = (m: MetricKey) => METRIC_DEFINITIONS[m].targetMaxPlaces;

/** The team's members on a plan, each metric of their plan with last month, suggestion and proposal. */
export async function teamTargets(
  sql: Sql,
  teamId: number,
  period: Period,
  options: { asOf: Date; organization: OrganizationInfo },
): Promise<TeamTargets> {
  const org = options.organization;
  const previous = previousPeriod(period);
  const running = periodOfInstant(options.asOf, org.timezone);
  const members = await targetMembers(sql, teamId);
  const ids = members.map((m) => m.id);
  // Last month as of now while it runs, whole when closed; a month still ahead has no actuals yet.
  const order = comparePeriods(previous, running);
  const [last, stored, suggestions] = await Promise.all([
    order > 0
      ? null
      : computePeriod(sql, previous, {
          teamIds: [teamId],
          organization: org,
          ...(order === 0 ? { asOf: options.asOf } : {}),
        }),
    storedTargets(sql, ids, period),
    Promise.all(members.map((m) => suggestTargets(sql, m.id, period))),
  ]);
  const lastOf = new Map(last?.result.people.map((p) => [p.person.id, p]) ?? []);
  return {
    period,
    previous,
    members: members.map((m, i) => {
      const result = lastOf.get(m.id);
      const suggested = new Map(suggestions[i]!.suggestions.map((s) => [s.metric, s]));
      return {
        id: m.id,
        externalId: m.externalId,
        name: m.name,
        lines: m.metrics.map((metric): TargetLine => {
          const item = result?.score.items.find((i) => i.metric === metric);
          const target = item?.target ?? null;
          const actual = item?.actual ?? null;
          const s = suggested.get(metric);
          const current = stored.find((t) => t.employeeId === m.id && t.metric === metric) ?? null;
          const lastTarget = target ? target.toFixed(places(metric)) : null;
          const suggestedValue = s?.status === "ok" ? s.value : null;
          return {
            metric,
            lastTarget,
            lastActual: actual ? actual.toFixed(places(metric)) : null,
            suggested: suggestedValue,
            suggestion: s?.status ?? "no_history",
            current,
            proposed: current ? new Decimal(current.value).toFixed(places(metric)) : (suggestedValue ?? lastTarget),
          };
        }),
      };
    }),
  };
}

/**
 * A typed value as an exact decimal string: thousands separators and spaces dropped, "万"/"k"
 * multiplied out, a percentage for a rate divided by 100. Null when it is no number at all.
 */
export function readTargetValue(metric: MetricKey, typed: string): string | null {
  const s = typed
    .normalize("NFKC")
    .replace(/[\s,，]/g, "")
    .toLowerCase();
  const m = /^(-?\d+(?:\.\d+)?)(%|万|w|k|千)?$/u.exec(s);
  if (!m) return null;
  let value = new Decimal(m[1]!);
  if (m[2] === "%") value = METRIC_DEFINITIONS[metric].kind === "rate" ? value.div(100) : value;
  else if (m[2] === "万" || m[2] === "w") value = value.mul(10_000);
  else if (m[2] === "k" || m[2] === "千") value = value.mul(1000);
  return value.toFixed();
}

export interface TargetChange {
  metric: MetricKey;
  before: string | null;
  after: string;
}

/** Checks typed values against the person's plan and the target rules; throws with every problem. */
export function checkTargets(
  person: { externalId: string; metrics: readonly MetricKey[] },
  period: Period,
  typed: Record<string, string>,
): { metric: MetricKey; value: string }[] {
  const problems: { metric: string; message: string }[] = [];
  const out: { metric: MetricKey; value: string }[] = [];
  for (const [key, raw] of Object.entries(typed)) {
    const metric = person.metrics.find((m) => m === key);
    if (!metric) {
      problems.push({ metric: key, message: "not a metric of this person's plan" });
      continue;
    }
    const value = readTargetValue(metric, raw);
    const parsed =
      value === null ? null : targetRow.safeParse({ employeeExternalId: person.externalId, period, metric, value });
    if (!parsed?.success) {
      problems.push({ metric, message: parsed?.error.issues[0]?.message ?? "must be a number" });
      continue;
    }
    out.push({ metric, value: parsed.data.value });
  }
  if (problems.length > 0) throw new TargetInputError(problems);
  return out;
}

/** What a save changed for one person, and the audit entry that records it. */
export interface PersonTargetsSaved {
  changes: TargetChange[];
  auditId: number;
}

/**
 * Saves targets for one month (already checked), audited with who set them, in one transaction.
 * Returns what changed per person (values equal to the stored ones are no change).
 */
export async function saveTargets(
  pool: pg.Pool,
  input: {
    period: Period;
    setBy: { id: number; externalId: string; name: string };
    people: { id: number; externalId: string; values: { metric: MetricKey; value: string }[] }[];
    at: Date;
  },
): Promise<Map<number, PersonTargetsSaved>> {
  const saved = await inTransaction(pool, async (client) => {
    const written = await writeChatTargets(
      client,
      input.period,
      input.people.flatMap((p) => p.values.map((v) => ({ employeeId: p.id, ...v }))),
      input.setBy.id,
    );
    const changes = new Map<number, TargetChange[]>();
    for (const w of written)
      changes.set(w.employeeId, [
        ...(changes.get(w.employeeId) ?? []),
        { metric: w.metric, before: w.before, after: w.value },
      ]);
    const saved = new Map<number, PersonTargetsSaved>();
    for (const person of input.people) {
      const changed = changes.get(person.id);
      if (!changed) continue;
      const auditId = await recordAudit(client, {
        actor: `${input.setBy.externalId} (${input.setBy.name})`,
        action: "targets.set",
        entity: "employee",
        entityId: person.externalId,
        details: { period: input.period, via: "chat", changes: changed },
        at: input.at,
      });
      saved.set(person.id, { changes: changed, auditId });
    }
    return saved;
  });
  // Targets are kept in the answer cache: this process reads its own write at once.
  invalidateConfig(pool);
  return saved;
}
