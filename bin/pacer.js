#!/usr/bin/env node
// The `pacer` bin: re-runs Node with the flags our sources need (TypeScript via tsx, and the
// WebAssembly ESM import used by Prisma's schema engine on Node 20), then runs src/cli/main.ts.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const result = spawnSync(
  process.execPath,
  [
    "--experimental-wasm-modules",
    "--no-warnings=ExperimentalWarning",
    "--import",
    "tsx",
    path.join(root, "src/cli/main.ts"),
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", cwd: process.cwd() },
);
process.exit(result.status ?? 1);
