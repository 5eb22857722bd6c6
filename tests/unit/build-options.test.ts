import { afterEach, describe, expect, it, vi } from "vitest";
import { buildEnv } from "@/lib/config/env-schema.mjs";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  BROWSER_TRACING_ALIAS,
  browserTrimRules,
  sentryBuildOptions,
  uploadSkippedNotice,
} from "@/lib/sentry/build/build-options.mjs";

const resolved = { release: "abc123", environment: "production" };
afterEach(() => vi.restoreAllMocks());

describe("build-time Sentry options", () => {
  it("uploads to both projects under the resolved release, with telemetry off and maps deleted", () => {
    const options = sentryBuildOptions(
      buildEnv({
        SENTRY_AUTH_TOKEN: "t",
        SENTRY_ORG: "o",
        SENTRY_PROJECT_FRONTEND: "fe",
        SENTRY_PROJECT_BACKEND: "be",
      }),
      resolved,
    );
    expect(options).toMatchObject({
      org: "o",
      project: ["fe", "be"],
      authToken: "t",
      telemetry: false,
      release: { name: "abc123", deploy: false },
      sourcemaps: { deleteSourcemapsAfterUpload: true },
    });
  });

  it("records a deploy for the environment only when asked", () => {
    expect(
      sentryBuildOptions(buildEnv({ SENTRY_DEPLOY: "true" }), resolved).release?.deploy,
    ).toEqual({ env: "production" });
  });

  it("fails the build on an upload error in CI, and only warns locally", () => {
    const error = new Error("401 Invalid token");
    expect(() =>
      sentryBuildOptions(buildEnv({ CI: "true" }), resolved).errorHandler!(error),
    ).toThrow(/401 Invalid token[\s\S]*CI=true/);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    sentryBuildOptions(buildEnv({}), resolved).errorHandler!(error);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("401 Invalid token"));
    expect(() =>
      sentryBuildOptions(buildEnv({ CI: "true", SENTRY_UPLOAD_FAIL_BUILD: "false" }), resolved)
        .errorHandler!(error),
    ).not.toThrow();
  });

  it("says in one line when the upload is skipped", () => {
    expect(uploadSkippedNotice(buildEnv({}))).toMatch(
      /^\[sentry\] SENTRY_AUTH_TOKEN is not set: source map upload skipped/,
    );
    expect(uploadSkippedNotice(buildEnv({ SENTRY_AUTH_TOKEN: "t" }))).toBeUndefined();
  });

  it("trims only the browser's @sentry files, and keeps debug logging when SENTRY_DEBUG asks for it", () => {
    const rule = browserTrimRules(buildEnv({}))["*.js"]!;
    const [, pathCondition] = (rule.condition as { all: [string, { path: RegExp }] }).all;
    expect((rule.condition as { all: unknown[] }).all[0]).toBe("browser");
    expect(pathCondition.path.test("node_modules/@sentry/core/build/esm/client.js")).toBe(true);
    expect(pathCondition.path.test("node_modules/@sentry/browser/build/npm/esm/prod/sdk.js")).toBe(
      true,
    );
    expect(pathCondition.path.test("node_modules/next/dist/client/index.js")).toBe(false);
    expect(pathCondition.path.test("lib/sentry/build/x.js")).toBe(false);
    const options = (debug: boolean) =>
      (
        browserTrimRules(buildEnv(debug ? { SENTRY_DEBUG: "true" } : {}))["*.js"]!.loaders![0] as {
          options: object;
        }
      ).options;
    expect(options(false)).toEqual({ stripDebug: true, deferTracing: true });
    expect(options(true)).toEqual({ stripDebug: false, deferTracing: true });
  });

  it("points the lazy tracing aliases at files the installed SDK has", () => {
    for (const file of Object.values(BROWSER_TRACING_ALIAS))
      expect(existsSync(path.resolve(file)), file).toBe(true);
  });
});
