// Runs the real CLI in-process, capturing what it prints.
import { runCli } from "../../src/cli/main.ts";
import { createCliContext } from "../../src/cli/context.ts";

export async function pacer(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const ctx = {
    ...createCliContext(env),
    out: (...lines: string[]) => void (stdout += lines.map((t) => (t.endsWith("\n") ? t : `${t}\n`)).join("")),
    err: (t: string) => void (stderr += t.endsWith("\n") ? t : `${t}\n`),
  };
  const code = await runCli(args, ctx);
  return { code, stdout, stderr };
}
