// The console transport: talk to Pacer in a terminal as any demo user, with no Slack or Lark
// account. Cards are rendered as text; buttons are numbered choices (type the number). It goes
// through the same conversation core as the platforms (./adapter.ts is its adapter).
import { createInterface } from "node:readline/promises";
import type { Readable, Writable } from "node:stream";
import type pg from "pg";
import type { Reply } from "../chat/answer.ts";
import { converse } from "../chat/conversation.ts";
import { renderLarkCard } from "../lark/render.ts";
import { renderSlackMessage } from "../slack/render.ts";
import type { Logger } from "../log.ts";
import { consolePersonas, type Persona, personaByExternalId } from "../store/chat.ts";
import { type ConsoleChoice, consoleAdapter, consoleInbound } from "./adapter.ts";

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

  const people = await consolePersonas(pool);
  let me: Persona | undefined = options.as ? people.find((p) => p.externalId === options.as) : undefined;
  if (options.as && !me) me = (await personaByExternalId(pool, options.as)) ?? undefined;
  let choices: ConsoleChoice[] = [];
  let last: Reply | undefined;
  const adapter = consoleAdapter(
    (t) => print(t),
    (reply, shown) => {
      last = reply;
      choices = shown;
    },
  );

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
    await converse(
      { pool, now, ...(options.log ? { log: options.log } : {}) },
      adapter,
      consoleInbound(line, me!.id, choices),
    );
  }
  rl.close();
}
