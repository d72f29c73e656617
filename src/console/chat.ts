// The console transport: talk to Pacer in a terminal as any demo user, with no Slack or Lark
// account. Cards are rendered as text; buttons are numbered choices (type the number). It goes
// through the same chat core as the platforms: intent → answer → card.
import { createInterface } from "node:readline/promises";
import type { Readable, Writable } from "node:stream";
import type pg from "pg";
import { renderText } from "../../cards/render-text.ts";
import { answer, type Reply } from "../chat/answer.ts";
import { BadIntentError, deserializeIntent, type Intent } from "../chat/intents.ts";
import { parseIntent } from "../chat/parse.ts";
import { renderLarkCard } from "../lark/render.ts";
import { renderSlackMessage } from "../slack/render.ts";
import type { Logger } from "../log.ts";

export interface ConsoleOptions {
  pool: pg.Pool;
  now: () => Date;
  input: Readable;
  output: Writable;
  /** Start as this employee (externalId) instead of asking. */
  as?: string;
  /** Where the core reports failures (the user sees an error card either way). */
  log?: Logger;
}

interface Persona {
  id: number;
  externalId: string;
  name: string;
  role: string;
  team: string | null;
}

/** A handful of people worth trying: salespeople of the first team, their manager, HR, an admin. */
async function personas(pool: pg.Pool): Promise<Persona[]> {
  const res = await pool.query<Persona>(
    `WITH first_team AS (
       SELECT t.id FROM teams t WHERE EXISTS (SELECT 1 FROM employees e WHERE e.team_id = t.id AND e.role = 'sales' AND e.plan_id IS NOT NULL)
       ORDER BY t.external_id COLLATE "C" LIMIT 1)
     (SELECT e.id, e.external_id AS "externalId", e.name, e.role::text AS role, t.name AS team
        FROM employees e LEFT JOIN teams t ON t.id = e.team_id
       WHERE e.status = 'active' AND e.role = 'sales' AND e.plan_id IS NOT NULL AND e.team_id = (SELECT id FROM first_team)
       ORDER BY e.external_id COLLATE "C" LIMIT 3)
     UNION ALL
     (SELECT e.id, e.external_id, e.name, e.role::text, t.name FROM teams t JOIN employees e ON e.id = t.manager_id WHERE t.id = (SELECT id FROM first_team))
     UNION ALL
     (SELECT e.id, e.external_id, e.name, e.role::text, NULL FROM employees e WHERE e.role IN ('hr', 'admin') AND e.status = 'active' ORDER BY e.role, e.external_id COLLATE "C" LIMIT 2)`,
  );
  return res.rows;
}

export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { pool, now, output } = options;
  const rl = createInterface({ input: options.input, output, terminal: false });
  const print = (...texts: string[]) => void output.write(`${(texts.length ? texts : [""]).join("\n")}\n`);
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string | null> => {
    output.write(prompt);
    const next = await lines.next();
    return next.done ? null : next.value.trim();
  };

  const people = await personas(pool);
  let me: Persona | undefined = options.as ? people.find((p) => p.externalId === options.as) : undefined;
  if (options.as && !me) {
    const res = await pool.query<Persona>(
      `SELECT e.id, e.external_id AS "externalId", e.name, e.role::text AS role, t.name AS team FROM employees e LEFT JOIN teams t ON t.id = e.team_id WHERE e.external_id = $1`,
      [options.as],
    );
    me = res.rows[0];
  }
  let choices: { index: number; value: string }[] = [];
  let last: Reply | undefined;

  const pick = async (): Promise<boolean> => {
    print("", "Who are you? / 你是谁？");
    people.forEach((p, i) =>
      print(`  [${i + 1}] ${p.name} (${p.externalId}) — ${p.role}${p.team ? `, ${p.team}` : ""}`),
    );
    for (;;) {
      const line = await ask("> ");
      if (line === null || line === "/quit") return false;
      const n = Number(line);
      const chosen = Number.isInteger(n) ? people[n - 1] : people.find((p) => p.externalId === line);
      if (chosen) {
        me = chosen;
        return true;
      }
      print(`Type 1–${people.length}. / 请输入 1–${people.length}。`);
    }
  };

  if (!me && !(await pick())) return rl.close();
  print(
    "",
    `Hi ${me!.name}. Ask "how far from target?" / "离目标还差多少", type a number to press a button, /lark or /slack to see the last card as that platform gets it, /who to switch, /quit to leave.`,
  );

  for (;;) {
    const line = await ask(`\n${me!.name}> `);
    if (line === null || line === "/quit" || line === "/exit") break;
    if (line === "") continue;
    if (line === "/lark" || line === "/slack") {
      // The same card as the platforms receive it: Lark card JSON 2.0 or Slack Block Kit.
      if (!last) print("Ask something first. / 先问一个问题。");
      else
        print(
          JSON.stringify(
            line === "/lark" ? renderLarkCard(last.card) : renderSlackMessage(last.card, last.locale),
            null,
            2,
          ),
        );
      continue;
    }
    if (line === "/who") {
      if (!(await pick())) break;
      print(`Now talking as ${me!.name}.`);
      continue;
    }
    let intent: Intent;
    const number = /^\d+$/.test(line) ? Number(line) : undefined;
    const choice = number !== undefined ? choices.find((c) => c.index === number) : undefined;
    if (choice) {
      try {
        intent = deserializeIntent(choice.value);
      } catch (error) {
        if (!(error instanceof BadIntentError)) throw error;
        intent = { kind: "unknown", text: line };
      }
    } else {
      const d = now();
      intent = parseIntent(line, { now: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 } });
    }
    const reply: Reply = await answer(
      { pool, now, ...(options.log ? { log: options.log } : {}) },
      { employeeId: me!.id, platform: "console", inGroup: false },
      intent,
    );
    last = reply;
    const rendered = renderText(reply.card, reply.locale);
    print(rendered.text);
    choices = rendered.choices.map((c) => ({ index: c.index, value: c.value }));
  }
  rl.close();
}
