// Card callbacks: what a Lark button sends back (`action.value`) → the serialized intent inside.
// The intent itself is validated by the chat core (a button value is user input).

/**
 * The serialized intent from a callback's `action.value` (what `renderLarkCard` put in the button:
 * `{ intent, action }`), or null when the value is not ours. Lark delivers the object; some paths
 * hand it over as a JSON string, which is accepted too. The intent itself is validated by
 * `deserializeIntent` (a button value is user input).
 */
export function larkCardValue(value: unknown): string | null {
  let v: unknown = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const intent = (v as Record<string, unknown>).intent;
  return typeof intent === "string" && intent !== "" ? intent : null;
}
