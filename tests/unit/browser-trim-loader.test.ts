import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const loader = require("../../lib/sentry/build/browser-trim-loader.cjs") as {
  (this: { getOptions(): object; resourcePath: string }, source: string): string;
  stripDebug(source: string): string;
  deferTracing(source: string, file: string): string;
};
const clientIndexPath = require
  .resolve("@sentry/nextjs/package.json")
  .replace(/package\.json$/, "build/esm/client/index.js");
const clientIndex = readFileSync(clientIndexPath, "utf8");
const run = (source: string, resourcePath: string, options: object) =>
  loader.call({ getOptions: () => options, resourcePath }, source);

describe("browser-trim-loader", () => {
  it("turns the SDK's DEBUG_BUILD import into a constant the minifier can drop", () => {
    const source =
      "import { debug } from '@sentry/core';\nimport { DEBUG_BUILD } from '../debug-build.js';\nDEBUG_BUILD && debug.log('x');\n";
    const out = loader.stripDebug(source);
    expect(out).toContain("const DEBUG_BUILD = false;");
    expect(out).not.toContain("from '../debug-build.js'");
    expect(out).toContain("import { debug } from '@sentry/core';");
  });

  it("keeps browser tracing and the route provider out of the installed @sentry/nextjs client init", () => {
    const out = run(clientIndex, clientIndexPath, { deferTracing: true });
    expect(out).not.toMatch(/browserTracingIntegration/);
    expect(out).not.toMatch(/createNextRouteProvider/);
    expect(out).toContain("export { init };");
    // Everything else of the init stays: tunnel, SDK metadata, the redirect filter.
    for (const kept of [
      "applyTunnelRouteOption(opts)",
      "applySdkMetadata(opts",
      "NextRedirectErrorFilter",
    ])
      expect(out).toContain(kept);
  });

  it("fails the build, naming the file, when an SDK upgrade moved what it edits", () => {
    const changed = clientIndex.replace(
      "customDefaultIntegrations.push(browserTracingIntegration());",
      "customDefaultIntegrations.push(tracing());",
    );
    expect(() => run(changed, clientIndexPath, { deferTracing: true })).toThrow(
      /customDefaultIntegrations\.push\(browserTracingIntegration\(\)\);" not found in .*client[\\/]index\.js/,
    );
  });

  it("leaves other files and disabled options alone", () => {
    const other =
      "import { DEBUG_BUILD } from './debug-build.js';\nexport const x = DEBUG_BUILD;\n";
    expect(
      run(other, "/x/node_modules/@sentry/core/build/esm/x.js", {
        stripDebug: false,
        deferTracing: true,
      }),
    ).toBe(other);
    expect(run(clientIndex, clientIndexPath, { stripDebug: false, deferTracing: false })).toBe(
      clientIndex,
    );
  });
});
