// `npm run db:migrate`: applies pending migrations to DATABASE_URL (creating the database if needed).
import { migrate } from "../src/db/migrator.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}

try {
  const { applied } = await migrate(databaseUrl, {
    log: process.env.DEBUG_MIGRATE ? (msg) => console.error(msg) : undefined,
  });
  if (applied.length === 0) console.log("Database is up to date: no pending migrations.");
  else console.log(`Applied ${applied.length} migration(s):\n${applied.map((n) => `  ${n}`).join("\n")}`);
} catch (err) {
  console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
