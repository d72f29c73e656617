// `pacer link <employee> --slack U… | --lark ou_…`: ties a chat account to an employee by hand
// (when the emails differ or the directory gives none).
import type { Command } from "commander";
import { openDatabase } from "../../db/client.ts";
import { storeLink } from "../../chat/identity.ts";
import { recordAudit } from "../../store/audit.ts";
import { findEmployeeByExternalId } from "../../store/people.ts";
import { CliError, type CliContext } from "../context.ts";

export function registerLink(program: Command, ctx: CliContext): void {
  program
    .command("link")
    .description("Link a Slack or Lark account to an employee")
    .argument("<employee>", "the employee's externalId")
    .option("--slack <userId>", "Slack user id, e.g. U0123ABCD")
    .option("--lark <openId>", "Lark open_id, e.g. ou_7d8a6e6df7621556ce0d21922b676706ccs")
    .option("--workspace <id>", "Slack team id / Lark tenant key (recorded only)", "")
    .action(async (employee: string, opts: { slack?: string; lark?: string; workspace: string }) => {
      if (Boolean(opts.slack) === Boolean(opts.lark))
        throw new CliError("give exactly one of --slack <userId> or --lark <openId>");
      if (opts.slack && !/^[UW][A-Z0-9]{2,}$/.test(opts.slack))
        throw new CliError(`--slack must be a Slack user id like U0123ABCD, got ${JSON.stringify(opts.slack)}`);
      if (opts.lark && !/^ou_[0-9a-z]+$/i.test(opts.lark))
        throw new CliError(`--lark must be a Lark open_id like ou_…, got ${JSON.stringify(opts.lark)}`);
      const database = openDatabase(ctx.databaseUrl(), { max: 1 });
      try {
        const row = await findEmployeeByExternalId(database.pool, employee);
        if (!row) throw new CliError(`no employee with externalId ${JSON.stringify(employee)}`);
        if (row.status === "left")
          throw new CliError(`${employee} (${row.name}) has left the company; links are for current employees`);
        const platform = opts.slack ? "slack" : "lark";
        const userId = (opts.slack ?? opts.lark)!;
        await storeLink(database.pool, { platform, workspaceId: opts.workspace, userId }, row.id, "cli");
        await recordAudit(database.pool, {
          actor: "cli",
          action: "link",
          entity: "employee",
          entityId: employee,
          details: { platform, userId },
        });
        ctx.out(`linked ${platform} ${userId} → ${employee} (${row.name})`);
      } finally {
        await database.close();
      }
    });
}
