// Ticking a new hire's onboarding checklist item done (or undoing it) — what the checklist button
// of the onboarding card calls. Only HR, admins and the new hire's manager may; everyone else gets
// a typed refusal (RecruitError "onboarding.forbidden", bilingual). Every change is audited: who,
// when, which item, from what to what. Repeating a tick changes nothing and logs nothing.
import type pg from "pg";
import { z } from "zod";
import { inTransaction } from "../db/client.ts";
import { RecruitError } from "../recruit/errors.ts";
import {
  findChecklistItems,
  loadNewHireWithManager,
  loadPerson,
  lockProgress,
  writeProgress,
} from "../store/onboarding.ts";
import { insertAudit } from "../store/recruit-sql.ts";

const key = z.string().trim().min(1, "must not be empty").max(128);

const tickInput = z.strictObject({
  /** The employee acting (external id), as resolved from their chat identity. */
  actorExternalId: key,
  employeeExternalId: key,
  /** Needed only when the item key is on more than one of the new hire's templates. */
  templateKey: key.nullish(),
  itemKey: key,
  done: z.boolean({ error: "must be true (done) or false (undo)" }),
  now: z.date().refine((d) => !Number.isNaN(d.getTime()), "must be a valid instant"),
});
export type ChecklistTickInput = z.input<typeof tickInput>;

export interface ChecklistTick {
  employee: { externalId: string; name: string };
  item: { templateKey: string; key: string; title: string; kind: string };
  done: boolean;
  /** When the item counts as done (null: not done). */
  completedAt: Date | null;
  /** False when the item already was in the asked state: nothing was written or audited. */
  changed: boolean;
}

/** The roles that may tick anyone's checklist; a manager may tick their own new hires'. */
const CHECKLIST_ROLES = new Set(["hr", "admin"]);

export async function setChecklistItemDone(pool: pg.Pool, input: ChecklistTickInput): Promise<ChecklistTick> {
  const parsed = tickInput.safeParse(input);
  if (!parsed.success)
    throw new RecruitError("input.invalid", {
      detail: parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "),
    });
  const args = parsed.data;
  return inTransaction(pool, async (client) => {
    const actor = await loadPerson(client, args.actorExternalId);
    const hire = await loadNewHireWithManager(client, args.employeeExternalId);
    const active = actor !== null && actor.status === "active";
    const privileged = active && CHECKLIST_ROLES.has(actor.role);
    const manager = active && hire !== null && hire.managerExternalId === actor.externalId;
    // Someone without the right learns nothing, not even whether the employee exists.
    if (!privileged && !manager)
      throw new RecruitError("onboarding.forbidden", {
        actor: args.actorExternalId,
        employee: args.employeeExternalId,
      });
    if (!hire) throw new RecruitError("onboarding.employee_unknown", { employee: args.employeeExternalId });

    const items = await findChecklistItems(client, hire.id, args.itemKey, args.templateKey ?? null);
    const itemName = args.templateKey ? `${args.templateKey}/${args.itemKey}` : args.itemKey;
    if (items.length === 0)
      throw new RecruitError("onboarding.item_unknown", { employee: hire.externalId, item: itemName });
    if (items.length > 1)
      throw new RecruitError("onboarding.item_ambiguous", {
        employee: hire.externalId,
        item: args.itemKey,
        templates: items.map((i) => i.templateKey).join(", "),
      });
    const item = items[0]!;

    const before = (await lockProgress(client, hire.id, item.id))?.completedAt ?? null;
    const wanted = args.done ? args.now : null;
    const changed = (before !== null) !== args.done && (await writeProgress(client, hire.id, item.id, wanted));
    const completedAt = changed
      ? wanted
      : (before ?? (await lockProgress(client, hire.id, item.id))?.completedAt ?? null);
    if (changed) {
      await insertAudit(client, {
        at: args.now,
        actor: `${actor!.externalId} (${actor!.name})`,
        action: args.done ? "onboarding.item_done" : "onboarding.item_undone",
        entity: "onboarding_item",
        entityId: `${hire.externalId}:${item.templateKey}/${item.key}`,
        details: {
          employee: hire.externalId,
          template: item.templateKey,
          item: item.key,
          title: item.title,
          previousCompletedAt: before,
          completedAt,
        },
      });
    }
    return {
      employee: { externalId: hire.externalId, name: hire.name },
      item: { templateKey: item.templateKey, key: item.key, title: item.title, kind: item.kind },
      done: completedAt !== null,
      completedAt,
      changed,
    };
  });
}
