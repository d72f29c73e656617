import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Creates and migrates one template database per run; every test file clones it.
    globalSetup: ["test/helpers/globalSetup.ts"],
    // Tests talk to a real Postgres (and create databases), so allow more than the 5 s default.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // Files run in parallel in forked workers; each has its own database, so they cannot collide.
    pool: "forks",
    // Most files spend their time waiting on Postgres, Redis, child processes and timed outages, not
    // on the CPU; vitest's default (cores − 1) ran a 2-core machine one file at a time (~12 min).
    maxWorkers: 3,
  },
});
