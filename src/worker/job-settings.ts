// Every setting the scheduled jobs and the worker read, by key: what `pacer config` validates a
// value against. Each job declares its own keys in its definition (jobs/<id>.ts); the worker's own
// is `delivery.rateLimits` (rate-limits.ts). docs/DELIVERY.md lists them with examples.
import type { z } from "zod";
import { JOBS } from "../../jobs/registry.ts";
import { RATE_LIMIT_SETTINGS } from "./rate-limits.ts";
import type { SettingSpec } from "./settings-spec.ts";

function schemasOf(specs: [string, SettingSpec<unknown>][]): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, spec] of specs) {
    // Two readers of one key must agree on what it holds.
    if (out[key] && out[key] !== spec.schema) throw new Error(`setting ${key} is declared with two schemas`);
    out[key] = spec.schema;
  }
  return out;
}

export const SETTING_SCHEMAS: Record<string, z.ZodType> = schemasOf([
  ...JOBS.flatMap((job) => Object.entries<SettingSpec<unknown>>(job.settings)),
  ...Object.entries<SettingSpec<unknown>>(RATE_LIMIT_SETTINGS),
]);
