// `pacer config list | get <key> | set <key> <json> | unset <key>`: the organization's settings
// (schedules, channels and privacy, top N, rate limits, onboarding thresholds). Every key is
// validated by the schema of the module that reads it, so a typo or a bad value is refused here
// instead of stopping a job later.
import type { Command } from "commander";
import type { z } from "zod";
import { driverErrorOf } from "../../db/client.ts";
import { SETTING_SCHEMAS } from "../../worker/job-settings.ts";
import { REMIND_SETTINGS } from "../../outbound/remind.ts";
import { ONBOARDING_SETTINGS } from "../../recruit/onboarding.ts";
import { STALLED_SETTINGS } from "../../recruit/stalled.ts";
import { listSettings, readSetting, removeSetting, writeSetting } from "../../store/settings.ts";
import { CliError, type CliContext } from "../context.ts";

const KNOWN: Record<string, z.ZodType> = {
  ...SETTING_SCHEMAS,
  ...ONBOARDING_SETTINGS,
  ...STALLED_SETTINGS,
  ...REMIND_SETTINGS,
};

/** Runs `work` on Prisma Client, handing a failure on as the driver's error (the CLI explains those). */
async function onDatabase<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw driverErrorOf(error);
  }
}

function schemaOf(key: string): z.ZodType {
  const schema = KNOWN[key];
  if (!schema)
    throw new CliError(`unknown setting ${JSON.stringify(key)}; known: ${Object.keys(KNOWN).sort().join(", ")}`);
  return schema;
}

export function registerConfig(program: Command, ctx: CliContext): void {
  const config = program
    .command("config")
    .description("The organization's settings (validated; also part of scenario bundles as `settings`)");

  config
    .command("list")
    .description("Every known setting with its stored value (or 'default')")
    .action(async () => {
      const stored = await onDatabase(() => listSettings(ctx.db()));
      for (const key of Object.keys(KNOWN).sort())
        ctx.out(`${key.padEnd(30)} ${stored.has(key) ? JSON.stringify(stored.get(key)) : "(default)"}`);
      for (const [key, value] of stored)
        if (!KNOWN[key]) ctx.out(`${key.padEnd(30)} ${JSON.stringify(value)}  (not used by Pacer)`);
    });

  config
    .command("get")
    .argument("<key>")
    .description("Print one setting's stored JSON value")
    .action(async (key: string) => {
      schemaOf(key);
      const value = await onDatabase(() => readSetting(ctx.db(), key));
      ctx.out(value === undefined ? "(default)" : JSON.stringify(value, null, 1));
    });

  config
    .command("set")
    .argument("<key>")
    .argument("<json>", `the value as JSON, e.g. '{"time": "08:30"}' or 5`)
    .description("Validate and store one setting (the worker picks schedule changes up at its next start)")
    .action(async (key: string, json: string) => {
      const schema = schemaOf(key);
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch (error) {
        throw new CliError(`the value must be JSON (${(error as Error).message}); quote strings: '"09:00"'`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success)
        throw new CliError(
          `${key}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "value"} ${i.message}`).join("; ")}`,
        );
      await onDatabase(() => writeSetting(ctx.db(), key, value, "cli"));
      ctx.out(`${key} = ${JSON.stringify(value)}`);
    });

  config
    .command("unset")
    .argument("<key>")
    .description("Remove a setting (back to its default)")
    .action(async (key: string) => {
      schemaOf(key);
      const removed = await onDatabase(() => removeSetting(ctx.db(), key));
      ctx.out(removed ? `${key} removed (default from now on)` : `${key} was not set`);
    });
}
