// `pacer import <entity> <file>`: one feed file (JSON array, {"items": [...]}, NDJSON or CSV)
// through the same validation and write path as the ingest API.
import type { Command } from "commander";
import { openDatabase } from "../../db/client.ts";
import { IngestError, ingestBatch, UnknownEntityError } from "../../ingest/batch.ts";
import { BodyFormatError, formatOf, parseBody, type BodyFormat } from "../../ingest/formats.ts";
import { INGEST_ENTITY_NAMES } from "../../ingest/registry.ts";
import { formatRowError } from "../../scenario/import.ts";
import { CliError, type CliContext } from "../context.ts";
import { readInputFile } from "../read-file.ts";

export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command("import")
    .description("Import one entity's rows from a file, atomically and idempotently (same rules as the ingest API)")
    .argument("<entity>", INGEST_ENTITY_NAMES.join(" | "))
    .argument("<file>", "a .json (array or {items}), .ndjson/.jsonl or .csv file (UTF-8, BOM allowed)")
    .option("--format <format>", "json | ndjson | csv (default: from the file extension)")
    .action(async (entity: string, file: string, opts: { format?: string }) => {
      const text = await readInputFile(file);
      if (opts.format && !["json", "ndjson", "csv"].includes(opts.format))
        throw new CliError(`--format must be json, ndjson or csv`);
      let rows: unknown[];
      try {
        rows = parseBody(text, (opts.format as BodyFormat | undefined) ?? formatOf(undefined, file));
      } catch (error) {
        if (error instanceof BodyFormatError) throw new CliError(`${file}: ${error.message}`);
        throw error;
      }
      const database = openDatabase(ctx.databaseUrl(), { max: 2 });
      try {
        const counts = await ingestBatch(database.pool, entity, rows);
        ctx.out(
          `${entity}: ${rows.length} rows — ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`,
        );
      } catch (error) {
        if (error instanceof UnknownEntityError) throw new CliError(error.message);
        if (error instanceof IngestError)
          throw new CliError(
            `${error.message}\n${error.errors.map((e) => `  - ${formatRowError({ ...e, entity })}`).join("\n")}`,
            2,
          );
        throw error;
      } finally {
        await database.close();
      }
    });
}
