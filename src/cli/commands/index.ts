// Every CLI command, in the order `pacer --help` lists them.
import type { Command } from "commander";
import type { CliContext } from "../context.ts";

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [];
