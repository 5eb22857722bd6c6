import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Runs the project's own lint configuration (biome.jsonc, scripts/lint/boundaries.mjs) over a small
// tree with one deliberate violation per rule, next to files that must pass.
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "node_modules/.bin");

const SERVER_ONLY = 'import "server-only";\n';
const TREE: Record<string, string> = {
  "tsconfig.json": JSON.stringify({
    compilerOptions: { jsx: "react-jsx", module: "esnext", moduleResolution: "bundler" },
  }),
  ".gitignore": "",
  "node_modules/zod/package.json": '{ "name": "zod", "main": "index.js" }',
  "node_modules/zod/index.js": "export const z = {};\n",
  "node_modules/server-only/package.json": '{ "name": "server-only", "main": "index.js" }',
  "node_modules/server-only/index.js": "",
  // passes: the engine uses the domain, zod and the error leaf
  "lib/errors/app-error.ts": "export class AppError extends Error {}\n",
  "lib/domain/schemas.ts": 'import { z } from "zod";\nexport const schema = z;\n',
  "lib/engine/run.ts":
    'import { schema } from "../domain/schemas";\nimport { AppError } from "../errors/app-error";\nexport const run = () => [schema, AppError];\n',
  // fails pure-domain-and-engine: I/O and storage in the engine and the domain
  "lib/engine/reads-disk.ts":
    'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n',
  "lib/domain/uses-db.ts": 'import { rows } from "../db/repository";\nexport const all = rows;\n',
  // server modules: one marked (passes), one without the marker (fails)
  "lib/db/repository.ts": `${SERVER_ONLY}export type Row = { id: string };\nexport const rows: Row[] = [];\n`,
  "lib/runs/unmarked.ts": "export const slots = 1;\n",
  // isomorphic modules that pull server code (fail shared-stays-shared)
  "lib/experiments/stats.ts":
    'import { rows } from "../db/repository";\nexport const rng = () => rows;\n',
  "lib/sentry/shared/scrub.ts":
    'import { redact } from "../server/redact";\nexport const scrub = redact;\n',
  "lib/sentry/server/redact.ts": `${SERVER_ONLY}export const redact = (text: string) => text;\n`,
  // fails lib-not-to-app
  "lib/client/uses-component.ts":
    'import { Button } from "../../components/button";\nexport const b = Button;\n',
  "components/button.tsx": "export const Button = () => null;\n",
  // client code: a type import passes, value imports fail
  "components/typed.tsx":
    'import type { Row } from "../lib/db/repository";\nexport const Typed = (_: { row: Row }) => null;\n',
  "components/reads-db.tsx":
    'import { rows } from "../lib/db/repository";\nexport const Rows = () => rows.length;\n',
  "lib/sentry/browser/options.ts":
    'import { redact } from "../server/redact";\nexport const scrub = redact;\n',
  "app/rooms/error.tsx":
    'import { rows } from "../../lib/db/repository";\nexport default () => rows.length;\n',
  // a script (plain Node) that reaches a server-only module fails, unless package.json runs it
  // with `tsx --conditions=react-server` (scripts/bench/scrub.ts)
  "scripts/tool.ts": 'import { rng } from "../lib/experiments/stats";\nrng();\n',
  "scripts/bench/scrub.ts":
    'import { redact } from "../../lib/sentry/server/redact";\nredact("");\n',
  // process.env: the env module may read it, app code may not
  "lib/config/env.mjs": "export const env = { FOO: process.env.FOO };\n",
  "lib/server/reads-env.ts": `${SERVER_ONLY}export const foo = process.env.FOO;\n`,
};

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "mams-lint-"));
  for (const [file, text] of Object.entries(TREE)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  copyFileSync(path.join(ROOT, "biome.jsonc"), path.join(dir, "biome.jsonc"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (bin: string, args: string[]) =>
  spawnSync(path.join(BIN, bin), args, { cwd: dir, encoding: "utf8", timeout: 60_000 });

describe("module boundaries (dependency-cruiser)", () => {
  it("reports each deliberate violation and nothing else", () => {
    const config = path.join(ROOT, "scripts/lint/boundaries.mjs");
    const result = run("depcruise", [
      "--config",
      config,
      "--output-type",
      "json",
      "app",
      "components",
      "lib",
      "scripts",
    ]);
    expect(result.stderr).toBe("");
    const { summary } = JSON.parse(result.stdout) as {
      summary: { violations: { rule: { name: string }; from: string; to: string }[] };
    };
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      [
        "client-imports-server-as-types-only: app/rooms/error.tsx -> lib/db/repository.ts",
        "client-imports-server-as-types-only: components/reads-db.tsx -> lib/db/repository.ts",
        "client-imports-server-as-types-only: lib/sentry/browser/options.ts -> lib/sentry/server/redact.ts",
        "lib-not-to-app: lib/client/uses-component.ts -> components/button.tsx",
        "node-tools-never-load-server-only: scripts/tool.ts -> node_modules/server-only/index.js",
        "pure-domain-and-engine: lib/domain/uses-db.ts -> lib/db/repository.ts",
        "pure-domain-and-engine: lib/engine/reads-disk.ts -> fs",
        "server-module-says-server-only: lib/runs/unmarked.ts -> lib/runs/unmarked.ts",
        "shared-stays-shared: lib/experiments/stats.ts -> lib/db/repository.ts",
        "shared-stays-shared: lib/sentry/shared/scrub.ts -> lib/sentry/server/redact.ts",
      ].sort(),
    );
  });
});

describe("lint rules (Biome)", () => {
  it("rejects raw process.env outside the env module", () => {
    const result = run("biome", ["lint", "--vcs-enabled=false", "--reporter=json", "."]);
    expect(result.status).toBe(1);
    const { diagnostics } = JSON.parse(result.stdout) as {
      diagnostics: { category: string; location: { path: string } }[];
    };
    expect(diagnostics.map((d) => `${d.category}: ${d.location.path}`)).toEqual([
      "lint/style/noProcessEnv: lib/server/reads-env.ts",
    ]);
  });
});
