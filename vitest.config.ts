import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: `unit` (pure, no I/O, seconds) and `integration` (PGlite, local servers, the real
// Sentry SDK against a local receiver). `npm run test:unit` / `npm run test:integration` pick one.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "@mams/sentry-loader": path.resolve(__dirname, "lib/sentry/browser/loader.ts"),
      "server-only": path.resolve(__dirname, "tests/shared/server-only-stub.ts"),
    },
  },
  test: {
    environment: "node",
    // The default is cores − 1: one worker on a 2-core machine. A second one runs while the first waits on I/O.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      // Pure files share one module cache (no isolation): importing Sentry, React and zod once instead of
      // per file is most of the unit layer's time, so one worker imports them once. A unit test leaves
      // no process state behind.
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          isolate: false,
          maxWorkers: 1,
          testTimeout: 20_000,
        },
      },
      // Opening a PGlite database takes seconds on a busy 2-core machine.
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/support/pglite-template.ts"],
          // Two workers on a busy 2-core machine: a run through the API can take 20 s (no test asserts a duration).
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
