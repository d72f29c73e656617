// The onboarding card's checklist buttons: one per open item of a new hire (HR, admins and the new
// hire's manager tick them from chat; the service checks who may and audits the change). Kept
// apart from the card itself so the card's layout and the action stay independent.
import type { NewHireStatus } from "../../src/services/onboarding.ts";
import { type ActionsElement, text } from "../model.ts";
import { button } from "./common.ts";

/** Buttons per new hire: the first open items in due order; the rest follow once these are done. */
export const MAX_TICK_BUTTONS = 5;

/** "✓ <item>" buttons for `hire`'s open checklist items (null when every item is done). */
export function checklistTickButtons(hire: NewHireStatus, hireIndex: number): ActionsElement | null {
  const open = hire.checklist.items.filter((i) => i.state !== "done").slice(0, MAX_TICK_BUTTONS);
  if (open.length === 0) return null;
  return {
    type: "actions",
    buttons: open.map((item, i) =>
      button(
        `tick_${hireIndex + 1}_${i + 1}`,
        text(`✓ ${item.title}`, `✓ ${item.title}`),
        {
          kind: "checklist_tick",
          employee: hire.employee.externalId,
          item: item.key,
          template: item.templateKey,
          done: true,
        },
        // The title is data (as written by HR): whose item it is goes into the confirmation.
        {
          confirm: {
            title: text("标记为完成？", "Mark as done?"),
            text: text(`${hire.employee.name}：${item.title}`, `${hire.employee.name}: ${item.title}`),
            ok: text("完成", "Done"),
            cancel: text("取消", "Cancel"),
          },
        },
      ),
    ),
  };
}
