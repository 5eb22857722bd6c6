import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// next.config.mjs imports the env module, so a bad value stops `next build` before compiling.
describe("a bad environment fails the build", () => {
  it("names the variable and the allowed values", () => {
    const result = spawnSync("node_modules/.bin/next", ["build"], {
      env: {
        ...process.env,
        SENTRY_ENV: "prod",
        SENTRY_TRACES_SAMPLE_RATE_FRONTEND: "2",
        MAMS_DIST_DIR: ".next-badenv",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status).not.toBe(0);
    expect(output).toContain("SENTRY_ENV: must be one of development|staging|production");
    expect(output).toContain(
      'SENTRY_TRACES_SAMPLE_RATE_FRONTEND: must be a number between 0 and 1 (got "2")',
    );
  });
});
