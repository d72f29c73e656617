// The organization's settings (key → JSON), as the admin command edits them. Plain CRUD on one
// table, so Prisma Client (src/db/client.ts): typed, and the write and its audit entry commit
// together in one $transaction. Modules that read a setting to act on it validate it with their
// own schema (jobs/settings.ts, recruit/onboarding.ts).
import type { Db } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";

/** Every stored setting, by key. */
export async function listSettings(db: Db): Promise<Map<string, unknown>> {
  const rows = await db.setting.findMany({ orderBy: { key: "asc" } });
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** The stored value, or undefined when the key is not set (its default applies). */
export async function readSetting(db: Db, key: string): Promise<unknown> {
  const row = await db.setting.findUnique({ where: { key } });
  return row === null ? undefined : row.value;
}

/** Stores a validated value and records who set it, atomically. */
export async function writeSetting(db: Db, key: string, json: unknown, actor: string): Promise<void> {
  // A JSON null must be spelled Prisma.JsonNull (a plain null would mean "no value").
  const value = json === null ? Prisma.JsonNull : (json as Prisma.InputJsonValue);
  await db.$transaction([
    db.setting.upsert({ where: { key }, create: { key, value }, update: { value } }),
    db.auditLog.create({
      data: {
        actor,
        action: "config.set",
        entity: "setting",
        entityId: key,
        details: { value: json as Prisma.InputJsonValue },
      },
    }),
  ]);
}

/** Removes the key; false when it was not set. */
export async function removeSetting(db: Db, key: string): Promise<boolean> {
  const { count } = await db.setting.deleteMany({ where: { key } });
  return count > 0;
}
