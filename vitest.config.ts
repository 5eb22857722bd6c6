import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "@mams/sentry-loader": path.resolve(__dirname, "lib/sentry/browser/loader.ts"),
      "server-only": path.resolve(__dirname, "tests/support/server-only-stub.ts"),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    // Opening a PGlite database takes seconds on a busy 2-core machine.
    hookTimeout: 60_000,
  },
});
