// Teams form a tree (branches → teams). A batch must not make a team its own ancestor.
import type { Sql } from "../db/client.ts";
import { storedTeamParents } from "../store/ingest-checks.ts";
import type { ParsedRow, RowError } from "./upsert.ts";

interface TeamLink {
  externalId: string;
  parentExternalId: string | null;
}

/** Reports each batch team that would become its own ancestor (with the stored teams around it). */
export async function checkTeamCycles(sql: Sql, rows: ParsedRow<TeamLink>[], entity = "teams"): Promise<RowError[]> {
  if (!rows.some((r) => r.row.parentExternalId)) return [];
  const parent = await storedTeamParents(sql);
  for (const { row } of rows) parent.set(row.externalId, row.parentExternalId);
  const errors: RowError[] = [];
  for (const { index, row } of rows) {
    const seen = new Set<string>([row.externalId]);
    let at = row.parentExternalId;
    while (at) {
      if (seen.has(at)) {
        errors.push({
          entity,
          index,
          externalId: row.externalId,
          field: "parentExternalId",
          message: `would make a cycle of parent teams (${[...seen, at].join(" → ")})`,
        });
        break;
      }
      seen.add(at);
      at = parent.get(at) ?? null;
    }
  }
  return errors;
}
