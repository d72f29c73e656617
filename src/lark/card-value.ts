// Card callbacks: what a Lark button sends back (`action.value`) → the serialized intent inside.
// The intent itself is validated by the chat core (a button value is user input).

/**
 * The serialized intent from a callback's `action.value` (what `renderLarkCard` put in the button:
 * `{ intent, action }`), or null when the value is not ours. Lark delivers the object; some paths
 * hand it over as a JSON string, which is accepted too. The intent itself is validated by
 * `deserializeIntent` (a button value is user input).
 */
export function larkCardValue(value: unknown): string | null {
  const intent = valueObject(value)?.intent;
  return typeof intent === "string" && intent !== "" ? intent : null;
}

/** Whether the button pressed is on an ephemeral card (which Lark cannot PATCH). */
export function larkCardIsEphemeral(value: unknown): boolean {
  return valueObject(value)?.ephemeral === true;
}

function valueObject(value: unknown): Record<string, unknown> | null {
  let v: unknown = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
