// `npm run db:diff -- --name <name>`: writes prisma/migrations/<UTC timestamp>_<name>/migration.sql
// from the change to prisma/schema.prisma since the last migration, or prints "no changes".
import { parseArgs } from "node:util";
import { createMigration } from "../src/db/diff.ts";

const { values } = parseArgs({ options: { name: { type: "string" } } });
if (!values.name) {
  console.error("Usage: npm run db:diff -- --name <migration_name>");
  process.exit(2);
}

// The engine needs a live connection even for a datamodel diff; the maintenance database of the
// configured server does (nothing is read or written).
const url = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
url.pathname = "/postgres";

try {
  const result = await createMigration({ name: values.name, databaseUrl: url.toString() });
  if (result.status === "no changes") {
    console.log("no changes: prisma/schema.prisma matches the last migration");
  } else {
    console.log(`Created ${result.path}\n\n${result.sql}`);
    console.log("Review it; hand-written SQL goes between -- pacer:hand-written:begin / end markers.");
  }
} catch (err) {
  console.error(`db:diff failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
