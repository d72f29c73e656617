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
  },
});
