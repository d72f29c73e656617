// A proactive sender for the delivery tests: it records each send (recipient and idempotency key)
// and answers as scripted, one answer per send — a message id ("ok"), an error, or a promise to
// wait for first — then "ok" once the script is used up.
import type { Card } from "../../cards/model.ts";
import type { PlatformName } from "../../src/platform.ts";
import type { ProactiveSender, Recipient } from "../../src/worker/proactive-sender.ts";

export class ScriptedSender implements ProactiveSender {
  readonly sends: { to: Recipient; key: string }[] = [];
  private script: (Error | "ok" | Promise<void>)[] = [];
  constructor(readonly platform: PlatformName = "slack") {}
  answers(...answers: (Error | "ok" | Promise<void>)[]): this {
    this.script.push(...answers);
    return this;
  }
  async send(to: Recipient, _card: Card, _locale: string, key: string) {
    this.sends.push({ to, key });
    const next = this.script.shift() ?? "ok";
    if (next instanceof Error) throw next;
    if (next instanceof Promise) await next;
    return { messageId: `${this.platform}-msg-${this.sends.length}` };
  }
  async lookupByEmail() {
    return null;
  }
}
