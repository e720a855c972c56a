import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    // CLI tests spawn the built binary; keep the 2-core machines responsive.
    maxWorkers: 2,
  },
});
