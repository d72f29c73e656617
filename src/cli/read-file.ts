// Reading a file named on the command line: a missing or unreadable file is a CliError naming the
// file and why (exit 1), never a stack trace.
import { readFile } from "node:fs/promises";
import { CliError } from "./context.ts";

export async function readInputFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
}
