import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: `unit` (pure, no I/O, seconds) and `integration` (PGlite, local servers, the real
// Sentry SDK against a local receiver). `npm run test:unit` / `npm run test:integration` pick one.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "tests/shared/server-only-stub.ts"),
    },
  },
  test: {
    environment: "node",
    // The default on a 2-core machine is one worker; a second one runs while the first waits on I/O.
    maxWorkers: 2,
    projects: [
      // Pure files share one module cache (no isolation): importing Sentry, React and zod once instead of
      // per file is most of the unit layer's time. A unit test leaves no process state behind.
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], isolate: false, testTimeout: 20_000 } },
      // Opening a PGlite database takes seconds on a busy 2-core machine.
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/support/pglite-template.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
