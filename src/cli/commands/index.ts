// Every CLI command, in the order `pacer --help` lists them.
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { registerScenario } from "./scenario.ts";
import { registerCloseMonth } from "./close-month.ts";
import { registerProgress } from "./progress.ts";
import { registerCalendar } from "./calendar.ts";
import { registerApiKey } from "./api-key.ts";
import { registerImport } from "./import.ts";
import { registerDemoData } from "./demo-data.ts";
import { registerDemo } from "./demo.ts";
import { registerLink } from "./link.ts";
import { registerReport } from "./report.ts";
import { registerConfig } from "./config.ts";
import { registerJobs } from "./jobs.ts";

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [
  registerImport,
  registerScenario,
  registerCloseMonth,
  registerProgress,
  registerReport,
  registerCalendar,
  registerApiKey,
  registerConfig,
  registerLink,
  registerJobs,
  registerDemoData,
  registerDemo,
];
