import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Next's own step that edits tsconfig.json before type-checking a build (next build, next dev).
const { writeConfigurationDefaults } = createRequire(import.meta.url)(
  "next/dist/lib/typescript/writeConfigurationDefaults.js",
) as {
  writeConfigurationDefaults: (
    version: string,
    tsConfigPath: string,
    firstTime: boolean,
    hasAppDir: boolean,
    distDir: string,
    hasPagesDir: boolean,
    strictRouteTypes: boolean,
  ) => Promise<void>;
};

function experimentalOfNextConfig(): Record<string, unknown> {
  const script =
    "const c = (await import('./next.config.mjs')).default; process.stdout.write(JSON.stringify(c.experimental ?? {}));";
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!);
}

describe("tsconfig.json and builds into other distDirs", () => {
  it("a build into .next-e2e or .next-bench leaves tsconfig.json as it is", async () => {
    const strictRouteTypes = experimentalOfNextConfig().strictRouteTypes === true;
    const dir = mkdtempSync(path.join(tmpdir(), "mams-tsconfig-"));
    const copy = path.join(dir, "tsconfig.json");
    copyFileSync("tsconfig.json", copy);
    for (const distDir of [".next", ".next-e2e", ".next-bench-nosentry"]) {
      await writeConfigurationDefaults(
        ts.version,
        copy,
        false,
        true,
        distDir,
        false,
        strictRouteTypes,
      );
    }
    expect(readFileSync(copy, "utf8")).toBe(readFileSync("tsconfig.json", "utf8"));
  }, 60_000);
});
