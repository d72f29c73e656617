// `pacer import-scenario <file>` and `pacer export-scenario [--out file]`.
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { openDatabase } from "../../db/client.ts";
import { importScenario, ScenarioImportError } from "../../scenario/import.ts";
import { exportScenario } from "../../scenario/export.ts";
import { CliError, type CliContext } from "../context.ts";
import { readInputFile } from "../read-file.ts";

async function readJsonFile(file: string): Promise<unknown> {
  const text = await readInputFile(file);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export function registerScenario(program: Command, ctx: CliContext): void {
  program
    .command("import-scenario")
    .description("Load a whole scenario bundle (the fixtures' format) in dependency order, atomically and idempotently")
    .argument("<file>", "scenario JSON file, e.g. test/fixtures/golden-east-2026-10.scenario.json")
    .option("--replace", "replace a stored organization of another name (deletes its data first)")
    .option("--json", "print the counts as JSON")
    .action(async (file: string, opts: { replace?: boolean; json?: boolean }) => {
      const bundle = await readJsonFile(file);
      const database = openDatabase(ctx.databaseUrl(), { max: 4 });
      try {
        const result = await importScenario(database.pool, bundle, { replace: opts.replace });
        if (opts.json) ctx.out(JSON.stringify(result, null, 1));
        else {
          for (const [section, c] of Object.entries(result.sections))
            if (c.created + c.updated + c.unchanged > 0)
              ctx.out(
                `${section.padEnd(16)} ${String(c.created).padStart(7)} created ${String(c.updated).padStart(7)} updated ${String(c.unchanged).padStart(7)} unchanged`,
              );
          const t = result.total;
          ctx.out(
            `${"total".padEnd(16)} ${String(t.created).padStart(7)} created ${String(t.updated).padStart(7)} updated ${String(t.unchanged).padStart(7)} unchanged`,
          );
        }
      } catch (error) {
        if (error instanceof ScenarioImportError) throw new CliError(error.message, 2);
        throw error;
      } finally {
        await database.close();
      }
    });

  program
    .command("export-scenario")
    .description("Write the stored organization as a scenario bundle (import → export → import is a no-op)")
    .option("-o, --out <file>", "write to this file instead of standard output")
    .action(async (opts: { out?: string }) => {
      const database = openDatabase(ctx.databaseUrl(), { max: 2 });
      try {
        const bundle = await exportScenario(database.pool).catch((e: Error) => {
          throw new CliError(e.message);
        });
        const text = `${JSON.stringify(bundle, null, 1)}\n`;
        if (opts.out) await writeFile(opts.out, text);
        else ctx.out(text);
      } finally {
        await database.close();
      }
    });
}
