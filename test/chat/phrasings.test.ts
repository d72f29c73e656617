// The parser over a table of real phrasings (test/chat/phrasings.ts): every supported ask gets its
// intent, and every request Pacer cannot serve is answered as `unsupported` — never with another
// intent's card, and a supported ask is never turned away.
import { afterAll, describe, expect, it } from "vitest";
import type { Intent } from "../../src/chat/intents.ts";
import { parseIntent } from "../../src/chat/parse.ts";
import {
  type ExpectedIntent,
  HR_VIEWS,
  type PendingPhrasing,
  type Phrasing,
  SUPPORTED,
  UNSUPPORTED,
} from "./phrasings.ts";

const NOW = { year: 2026, month: 11 };
const parse = (p: { text: string; mentions?: string[] }): Intent =>
  parseIntent(p.text, { now: NOW, mentions: p.mentions });

/** The expected kind and every expected parameter, compared as given. */
function matches(actual: Intent, expected: ExpectedIntent | PendingPhrasing["expected"]): boolean {
  const got = actual as unknown as Record<string, unknown>;
  return Object.entries(expected).every(([key, value]) => got[key] === value);
}

const tally = new Map<string, { total: number; right: number }>();
function record(kind: string, right: boolean) {
  const t = tally.get(kind) ?? { total: 0, right: 0 };
  tally.set(kind, { total: t.total + 1, right: t.right + (right ? 1 : 0) });
}

afterAll(() => {
  const rows = [...tally].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce((n, [, t]) => n + t.total, 0);
  const right = rows.reduce((n, [, t]) => n + t.right, 0);
  const lines = rows.map(([kind, t]) => `  ${kind.padEnd(22)} ${String(t.right).padStart(3)}/${t.total}`);
  const accuracy = total === 0 ? 0 : (100 * right) / total;
  console.log(
    `Phrasings by expected intent:\n${lines.join("\n")}\n  accuracy ${right}/${total} = ${accuracy.toFixed(1)}%`,
  );
});

describe("the phrasings table", () => {
  it("holds at least 200 phrasings, each once, covering every supported kind and unsupported topic", () => {
    const all = [...SUPPORTED, ...UNSUPPORTED, ...HR_VIEWS];
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(new Set(all.map((p) => `${p.text}|${p.mentions ?? ""}`)).size).toBe(all.length);
    const kinds = new Set(SUPPORTED.map((p) => p.expected.kind));
    for (const kind of ["progress", "details", "unpaid", "leaderboard", "lookup", "language", "mute", "help", "link"])
      expect(kinds).toContain(kind);
    for (const kind of ["offers", "onboarding", "screening", "candidate", "report", "rate_order", "profile"])
      expect(kinds).toContain(kind);
    for (const kind of ["dispute", "dispute_clear"]) expect(kinds).toContain(kind);
    const topics = new Set(UNSUPPORTED.map((p) => (p.expected.kind === "unsupported" ? p.expected.topic : "")));
    for (const kind of ["targets", "target_change"]) expect(kinds).toContain(kind);
    for (const topic of ["receivables_followup"]) expect(topics).toContain(topic);
    for (const topic of ["single_order", "change_data", "settings", "export", "pay", "off_topic"])
      expect(topics).toContain(topic);
  });
});

describe("supported asks get their intent", () => {
  it.each(SUPPORTED.map((p) => [p.text, p] as const))("%j", (_text, phrasing: Phrasing) => {
    const intent = parse(phrasing);
    record(phrasing.expected.kind, matches(intent, phrasing.expected));
    expect(intent).toMatchObject(phrasing.expected);
  });
});

describe("requests Pacer cannot serve are unsupported, with what was asked", () => {
  it.each(UNSUPPORTED.map((p) => [p.text, p] as const))("%j", (_text, phrasing: Phrasing) => {
    const intent = parse(phrasing);
    record(phrasing.expected.kind, matches(intent, phrasing.expected));
    expect(intent).toMatchObject({ ...phrasing.expected, text: phrasing.text });
  });
});

describe("the HR views: company overview, a named team, someone's progress", () => {
  it.each(HR_VIEWS.map((p) => [p.text, p] as const))("%j", (_text, phrasing: PendingPhrasing) => {
    const intent = parse(phrasing);
    record(`${phrasing.expected.kind} (HR views)`, matches(intent, phrasing.expected));
    expect(intent).toMatchObject(phrasing.expected);
  });
});
