// Where a person's scheduled message goes: the primary platform when they are linked there (the
// organization's choice, else Lark when configured), else wherever they are linked, else a
// directory match by email (stored as a link), else nowhere.
import type { PlatformName } from "../../src/platform.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Card } from "../../cards/model.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { loadContact } from "../../src/store/jobs.ts";
import { platformOrder, primaryPlatform, resolveRoute } from "../../src/worker/recipient-route.ts";
import type { ProactiveSender } from "../../src/worker/proactive-sender.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { loadWorld } from "./helpers.ts";

let fresh: FreshDatabase;
let database: Database;

/** A sender whose directory knows `emails` (email → account id). */
function directory(platform: PlatformName, emails: Record<string, string>): ProactiveSender {
  return {
    platform,
    send: async (_to, _card: Card) => ({ messageId: "x" }),
    lookupByEmail: async (email) => emails[email] ?? null,
  };
}

async function idOf(externalId: string): Promise<number> {
  return (await database.pool.query(`SELECT id FROM employees WHERE external_id = $1`, [externalId])).rows[0].id;
}

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  // Everyone on Slack; E1-001 on Lark too; E1-002 nowhere.
  await loadWorld(database.pool, { link: (id) => id !== "E1-002" });
  await database.pool.query(
    `INSERT INTO chat_identities (platform, workspace_id, user_id, employee_id) VALUES ('lark', 'W0', 'ou_e1001', $1)`,
    [await idOf("E1-001")],
  );
});

afterAll(async () => {
  await database.close();
  await fresh.drop();
});

describe("routing a proactive message", () => {
  it("prefers the organization's primary platform, else Lark when configured", async () => {
    expect(await primaryPlatform(database.pool, ["lark", "slack"])).toBe("lark");
    expect(await primaryPlatform(database.pool, ["slack"])).toBe("slack");
    await database.pool.query(`UPDATE organization SET primary_platform = 'slack'`);
    expect(await primaryPlatform(database.pool, ["lark", "slack"])).toBe("slack");
    // A primary platform that is not configured does not count.
    expect(await primaryPlatform(database.pool, ["lark"])).toBe("lark");
    await database.pool.query(`UPDATE organization SET primary_platform = NULL`);
  });

  it("sends a person linked on both platforms to the primary one only", async () => {
    const contact = (await loadContact(database.pool, await idOf("E1-001")))!;
    const senders = { slack: directory("slack", {}), lark: directory("lark", {}) };
    expect(await resolveRoute(database.pool, senders, contact, platformOrder("lark", ["lark", "slack"]))).toEqual({
      platform: "lark",
      to: { address: "ou_e1001", kind: "user" },
    });
    expect(await resolveRoute(database.pool, senders, contact, platformOrder("slack", ["lark", "slack"]))).toEqual({
      platform: "slack",
      to: { address: "UE1001", kind: "user" },
    });
  });

  it("uses the platform a person is linked on when it is not the primary one", async () => {
    const contact = (await loadContact(database.pool, await idOf("E1-003")))!;
    const senders = { slack: directory("slack", {}), lark: directory("lark", {}) };
    expect(await resolveRoute(database.pool, senders, contact, ["lark", "slack"])).toEqual({
      platform: "slack",
      to: { address: "UE1003", kind: "user" },
    });
  });

  it("finds an unlinked person by email (primary platform first) and stores the link; nobody found → null", async () => {
    const contact = (await loadContact(database.pool, await idOf("E1-002")))!;
    const nobody = { slack: directory("slack", {}), lark: directory("lark", {}) };
    expect(await resolveRoute(database.pool, nobody, contact, ["lark", "slack"])).toBeNull();
    const senders = {
      slack: directory("slack", { "rep2.1@example.com": "U0TWO" }),
      lark: directory("lark", { "rep2.1@example.com": "ou_two" }),
    };
    expect(await resolveRoute(database.pool, senders, contact, ["lark", "slack"])).toEqual({
      platform: "lark",
      to: { address: "ou_two", kind: "user" },
    });
    const links = await database.pool.query(
      `SELECT platform::text, user_id, linked_by FROM chat_identities WHERE employee_id = $1`,
      [contact.id],
    );
    expect(links.rows).toEqual([{ platform: "lark", user_id: "ou_two", linked_by: "email" }]);
  });
});
