// `pacer api-key create --name crm [--scope ingest] [--scope read]`, `list`, `revoke <id|prefix>`.
import type { Command } from "commander";
import { openDatabase } from "../../db/client.ts";
import { createApiKey, listApiKeys, revokeApiKey, SCOPES, type Scope } from "../../services/api-keys.ts";
import { CliError, type CliContext } from "../context.ts";

export function registerApiKey(program: Command, ctx: CliContext): void {
  const cmd = program.command("api-key").description("API keys for the ingest and progress APIs (stored hashed)");

  cmd
    .command("create")
    .description("Create a key and print it once")
    .requiredOption("--name <name>", "who uses it, e.g. crm, finance, dashboard")
    .option(
      "--scope <scope>",
      `ingest (write feeds) or read (progress API); repeat for both (default: ingest)`,
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .action(async (opts: { name: string; scope: string[] }) => {
      const scopes = opts.scope.length ? opts.scope : ["ingest"];
      const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
      if (bad.length)
        throw new CliError(`unknown scope ${bad.map((s) => JSON.stringify(s)).join(", ")}; use ${SCOPES.join(" or ")}`);
      const database = openDatabase(ctx.databaseUrl(), { max: 1 });
      try {
        const created = await createApiKey(database.pool, opts.name, scopes as Scope[]);
        ctx.out(created.key);
        ctx.err(
          `created key #${created.id} "${created.name}" (${created.prefix}…) with scopes ${created.scopes.join(", ")}; it is shown only now`,
        );
      } finally {
        await database.close();
      }
    });

  cmd
    .command("list")
    .description("List keys (prefix, scopes, last use; never the key)")
    .action(async () => {
      const database = openDatabase(ctx.databaseUrl(), { max: 1 });
      try {
        const keys = await listApiKeys(database.pool);
        if (!keys.length) ctx.out("no API keys yet: pacer api-key create --name crm");
        for (const k of keys)
          ctx.out(
            `#${k.id} ${k.prefix}… ${k.name} [${k.scopes.join(",")}] created ${k.createdAt.toISOString()} last used ${k.lastUsedAt?.toISOString() ?? "never"}${k.revokedAt ? ` REVOKED ${k.revokedAt.toISOString()}` : ""}`,
          );
      } finally {
        await database.close();
      }
    });

  cmd
    .command("revoke")
    .description("Revoke a key by id or prefix; it stops working at once")
    .argument("<key>", "id (e.g. 3) or prefix (e.g. pk_AbC12345)")
    .action(async (key: string) => {
      const database = openDatabase(ctx.databaseUrl(), { max: 1 });
      try {
        const revoked = await revokeApiKey(database.pool, key);
        if (!revoked) throw new CliError(`no API key with id or prefix ${JSON.stringify(key)}`);
        ctx.out(`revoked #${revoked.id} ${revoked.prefix}… ${revoked.name}`);
      } finally {
        await database.close();
      }
    });
}
