// The onboarding card's checklist buttons: one per open item of a new hire (HR, admins and the new
// hire's manager tick them from chat; the service checks who may and audits the change). Kept
// apart from the card itself so the card's layout and the action stay independent.
import type { NewHireStatus } from "../../src/services/onboarding.ts";
import { type ActionsElement, text } from "../model.ts";
import { button } from "./common.ts";

/**
 * Buttons per new hire: the first open items in due order; the rest follow once these are done.
 * Lark never drops buttons to fit its 30 KB, so a full card (12 hires) must fit with all of them;
 * for the same reason they carry no confirmation dialog — a tick is audited and can be undone.
 */
export const MAX_TICK_BUTTONS = 3;

/** "✓ <item>" buttons for `hire`'s open checklist items (null when every item is done). */
export function checklistTickButtons(hire: NewHireStatus, hireIndex: number): ActionsElement | null {
  const open = hire.checklist.items.filter((i) => i.state !== "done").slice(0, MAX_TICK_BUTTONS);
  if (open.length === 0) return null;
  return {
    type: "actions",
    buttons: open.map((item, i) =>
      button(`tick_${hireIndex + 1}_${i + 1}`, text(`✓ ${item.title}`, `✓ ${item.title}`), {
        kind: "checklist_tick",
        employee: hire.employee.externalId,
        item: item.key,
        template: item.templateKey,
        done: true,
      }),
    ),
  };
}

/** Shown with the result of a tick: undo it (the same item back to not done). */
export function checklistUndoButton(tick: { employee: string; item: string; template: string }): ActionsElement {
  return {
    type: "actions",
    buttons: [
      button("tick_undo", text("撤销", "Undo"), {
        kind: "checklist_tick",
        employee: tick.employee,
        item: tick.item,
        template: tick.template,
        done: false,
      }),
    ],
  };
}
