/**
 * "High potential": a salesperson who was the top of their team on a metric in each of the last
 * three closed months. Pure: the caller supplies the closed months' snapshot entries (the latest
 * close version of each period).
 *
 * Rules:
 * - The months are consecutive calendar months ending with `asOfPeriod` (inclusive): a month in
 *   that run without a close breaks the streak, so nobody is flagged.
 * - Each month is judged on its own snapshot: the team is the one recorded in that month's entry
 *   (someone who moved teams competes with the team they were in then); people without a team in
 *   a month cannot be its top.
 * - The top is the best non-null value in the team: the highest, or the lowest for lower-is-better
 *   metrics (collection_days, overdue_receivables). Ties at the top are all top.
 * - A top must be strictly better than at least one teammate with a value that month (a choice
 *   beyond the rule's letter, so the flag means something): when the whole team ties — nobody
 *   has overdue receivables, nobody won a new customer — or only one member has data, nobody
 *   outperformed anyone and there is no top. Ties at the top above someone else are all top.
 */
import { toRational, type Rational } from "./decimal.ts";
import { METRICS, METRIC_DEFINITIONS, type MetricKey } from "./metrics.ts";
import { addPeriods, comparePeriods, parsePeriod, type Period } from "./period.ts";

export const HIGH_POTENTIAL_MONTHS = 3;

export interface SnapshotEntry {
  readonly employeeExternalId: string;
  /** The team at the time of the close (null: no team). */
  readonly teamId: number | null;
  /** Snapshot values as stored (exact decimal strings), null = none. */
  readonly metrics: Readonly<Partial<Record<MetricKey, string | null>>>;
}

export interface ClosedMonth {
  readonly period: Period;
  readonly entries: readonly SnapshotEntry[];
}

export interface HighPotentialFlag {
  readonly employeeExternalId: string;
  readonly metric: MetricKey;
  /** The months of the streak, oldest first. */
  readonly periods: readonly Period[];
}

/** The `length` consecutive periods ending with `asOfPeriod`, oldest first. */
export function streakPeriods(asOfPeriod: Period, length: number = HIGH_POTENTIAL_MONTHS): Period[] {
  parsePeriod(asOfPeriod);
  if (!Number.isSafeInteger(length) || length < 1) throw new RangeError(`streak length must be ≥ 1 (got ${length})`);
  return Array.from({ length }, (_, i) => addPeriods(asOfPeriod, i - length + 1));
}

/** External ids of the people at the top of their team on `metric` in one month's entries. */
export function teamTops(entries: readonly SnapshotEntry[], metric: MetricKey): Set<string> {
  const higher = METRIC_DEFINITIONS[metric].direction === "higher";
  const byTeam = new Map<number, { id: string; value: Rational }[]>();
  for (const e of entries) {
    const raw = e.metrics[metric];
    if (e.teamId === null || raw === null || raw === undefined) continue;
    const list = byTeam.get(e.teamId) ?? [];
    list.push({ id: e.employeeExternalId, value: toRational(raw) });
    byTeam.set(e.teamId, list);
  }
  const tops = new Set<string>();
  for (const members of byTeam.values()) {
    const better = (a: Rational, b: Rational) => (higher ? a.gt(b) : a.lt(b));
    let best = members[0]!.value;
    let worst = best;
    for (const m of members) {
      if (better(m.value, best)) best = m.value;
      if (better(worst, m.value)) worst = m.value;
    }
    if (best.eq(worst)) continue; // everyone tied (or alone): nobody outperformed anyone
    for (const m of members) if (m.value.eq(best)) tops.add(m.id);
  }
  return tops;
}

/**
 * Everyone who was top of their team on a metric in every one of `periods` (e.g. from
 * `streakPeriods`). `months` may hold other periods too; a missing one yields no flags.
 * Sorted by employee external id (plain string order), then in METRICS order.
 */
export function highPotentialFlags(months: readonly ClosedMonth[], periods: readonly Period[]): HighPotentialFlag[] {
  if (periods.length === 0) return [];
  const byPeriod = new Map<Period, ClosedMonth>();
  for (const m of months) {
    if (byPeriod.has(m.period)) throw new RangeError(`period ${m.period} given twice`);
    byPeriod.set(m.period, m);
  }
  const chosen: ClosedMonth[] = [];
  for (const p of periods) {
    const month = byPeriod.get(p);
    if (!month) return [];
    chosen.push(month);
  }
  const ordered = [...periods].sort(comparePeriods);

  const flags: HighPotentialFlag[] = [];
  for (const metric of METRICS) {
    let streak = new Set(chosen[0]!.entries.map((e) => e.employeeExternalId));
    for (const month of chosen) {
      const tops = teamTops(month.entries, metric);
      streak = new Set([...streak].filter((id) => tops.has(id)));
    }
    for (const id of streak) flags.push({ employeeExternalId: id, metric, periods: ordered });
  }
  const metricIndex = (m: MetricKey) => METRICS.indexOf(m);
  return flags.sort((a, b) =>
    a.employeeExternalId < b.employeeExternalId
      ? -1
      : a.employeeExternalId > b.employeeExternalId
        ? 1
        : metricIndex(a.metric) - metricIndex(b.metric),
  );
}
