import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    // CLI tests spawn the built binary; keep the 2-core machines responsive.
    maxWorkers: 2,
    // The skip reporter lists, after the summary, every suite skipped for a missing tool or
    // ../shared/testdata (test/support/requires.ts), so a skip is never silent.
    reporters: ["default", "./test/support/skip-reporter.ts"],
  },
});
