// The cheapest round trip to Postgres: the readiness check (/readyz) and the start-up wait use it to
// learn that the database answers.
import type { Sql } from "../db/client.ts";

export async function ping(sql: Sql): Promise<void> {
  await sql.query("SELECT 1");
}
