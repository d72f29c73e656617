// A candidate applies to an opening once (applications has UNIQUE (candidate_id, opening_id)): a
// second application id for the same pair is the client's mistake, reported per row — before,
// Postgres refused it mid-batch and the client got a 500.
import type { Sql } from "../db/client.ts";
import { storedApplicationPairs } from "../store/ingest-checks.ts";
import type { ParsedRow, RowError } from "./upsert.ts";

interface ApplicationLike {
  externalId: string;
  candidateExternalId: string;
  openingExternalId: string;
}

export async function checkApplicationPairs(sql: Sql, rows: ParsedRow<ApplicationLike>[]): Promise<RowError[]> {
  const errors: RowError[] = [];
  const pair = (r: ApplicationLike) => `${r.candidateExternalId}\u0000${r.openingExternalId}`;
  const first = new Map<string, ParsedRow<ApplicationLike>>();
  for (const r of rows) {
    const seen = first.get(pair(r.row));
    if (seen)
      errors.push({
        entity: "applications",
        index: r.index,
        externalId: r.row.externalId,
        field: "candidateExternalId",
        message: `candidate ${JSON.stringify(r.row.candidateExternalId)} already applies to opening ${JSON.stringify(r.row.openingExternalId)} at index ${seen.index}`,
      });
    else first.set(pair(r.row), r);
  }
  if (rows.length === 0) return errors;
  const stored = await storedApplicationPairs(
    sql,
    rows.map((r) => r.row.candidateExternalId),
    rows.map((r) => r.row.openingExternalId),
  );
  const owner = new Map(stored.map((s) => [`${s.c}\u0000${s.o}`, s.k]));
  // An application moving away from a pair frees it for another row of the same batch.
  const moving = new Map(rows.map((r) => [r.row.externalId, pair(r.row)]));
  for (const r of first.values()) {
    const k = owner.get(pair(r.row));
    if (k !== undefined && k !== r.row.externalId && (!moving.has(k) || moving.get(k) === pair(r.row)))
      errors.push({
        entity: "applications",
        index: r.index,
        externalId: r.row.externalId,
        field: "candidateExternalId",
        message: `candidate ${JSON.stringify(r.row.candidateExternalId)} already applies to opening ${JSON.stringify(r.row.openingExternalId)} as application ${JSON.stringify(k)}`,
      });
  }
  return errors;
}
