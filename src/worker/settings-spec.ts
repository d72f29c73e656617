// How a job (or the worker) declares the settings it reads (table `settings`, key → JSON; part of
// scenario bundles): each key with its zod schema and the value it has when unset. A malformed
// value stops the job with a message naming the key rather than sending something unintended.
import { PacerError } from "../errors.ts";
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { loadSettingValues } from "../store/recruit-sql.ts";

/** "HH:MM", 24-hour, local time of the organization. */
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM" (24-hour)');

/** Teams (by externalId) with their own local time. */
export const perTeamTimes = z.record(z.string().min(1), timeOfDay);

export interface SettingSpec<T> {
  schema: z.ZodType<T>;
  /** What an unset key reads as (parsed by `schema`, so its defaults apply). */
  unset: unknown;
}

/** Settings keys (e.g. "schedule.daily") → their specs; `S` is what they read as. */
export type SettingSpecs<S> = { [K in keyof S]: SettingSpec<S[K]> };

export class SettingError extends PacerError {
  static override readonly code = "settings.invalid";
  static override readonly userMessage = {
    "zh-CN": "一项设置无效，需要管理员修正。",
    en: "A setting is invalid; an admin must fix it.",
  };
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`setting ${key} is invalid: ${detail}`);
    this.name = "SettingError";
  }
}

/** Reads and validates the keys of `specs`. */
export async function loadSettings<S>(sql: Sql, specs: SettingSpecs<S>): Promise<S> {
  const keys = Object.keys(specs) as (keyof S & string)[];
  const raw = await loadSettingValues(sql, keys);
  const out = {} as S;
  for (const key of keys) {
    const spec = specs[key];
    const parsed = spec.schema.safeParse(raw.has(key) ? raw.get(key) : spec.unset);
    if (!parsed.success)
      throw new SettingError(
        key,
        parsed.error.issues.map((i) => `${i.path.join(".") || "(value)"} ${i.message}`).join("; "),
      );
    out[key] = parsed.data;
  }
  return out;
}

/** A team's time for a per-team schedule (its own, else the organization's). */
export function teamTime(
  schedule: { time: string; teams: Record<string, string> },
  teamExternalId: string | null,
): string {
  return (teamExternalId && schedule.teams[teamExternalId]) || schedule.time;
}
