// JavaScript because dependency-cruiser loads its configuration with a plain import().
// The module boundaries of docs/architecture.md, checked by `npm run lint` (dependency-cruiser 16).

import { readFileSync } from "node:fs";

/** Server modules: each says `import "server-only"`; client code imports them only as types. */
export const SERVER = [
  "^lib/(server|db|ai|runs|security|experiments)/",
  "^lib/sentry/server/",
  "^lib/test-routes\\.ts$",
];

/**
 * Modules inside the server folders that plain Node or the browser also loads, so they do not
 * say `server-only` (it throws outside React's server graph).
 */
export const SHARED = [
  // drizzle-kit reads the schema to generate migrations
  "^lib/db/schema\\.ts$",
  // the experiment results view computes its intervals in the browser, with the seeded generator
  "^lib/experiments/(results|stats)\\.ts$",
];

/** Runs in every runtime: never pulls server code in. */
export const ISOMORPHIC = [...SHARED, "^lib/sentry/shared/"];

/** Client code: components, the browser hooks and SDK setup, Next's error boundaries ("use client"). */
export const CLIENT = [
  "^components/",
  "^lib/client/",
  "^lib/sentry/browser/",
  "^app/(global-)?error\\.tsx$",
  "^app/.+/error\\.tsx$",
];

/** npm scripts run with `tsx --conditions=react-server`, under which `server-only` is empty. */
const { scripts } = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
);
export const REACT_SERVER_SCRIPTS = Object.values(scripts).flatMap((line) =>
  [...line.matchAll(/tsx --conditions=react-server (\S+)/g)].map(
    (m) => `^${m[1].replace(/[.]/g, "\\.")}$`,
  ),
);

/** Plain Node processes (scripts, tool configs), where `server-only` throws. */
export const NODE_TOOLS = [
  "^scripts/",
  "^(next|drizzle|playwright|vitest|postcss)\\.config\\.(ts|mjs)$",
];

const SERVER_ONLY_PACKAGE = "(^|/)node_modules/server-only/";

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "pure-domain-and-engine",
      comment:
        "lib/domain and lib/engine import only each other, zod and the dependency-free lib/errors",
      severity: "error",
      from: { path: "^lib/(domain|engine)/" },
      to: { pathNot: ["^lib/(domain|engine|errors)/", "(^|/)node_modules/zod/"] },
    },
    {
      name: "errors-is-a-leaf",
      comment: "lib/errors is shared by the engine and the browser: it imports nothing",
      severity: "error",
      from: { path: "^lib/errors/" },
      to: { pathNot: "^lib/errors/" },
    },
    {
      name: "lib-not-to-app",
      comment: "lib/ never imports app/ or components/",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "client-imports-server-as-types-only",
      comment: "client code imports server modules with `import type` only",
      severity: "error",
      from: { path: CLIENT },
      to: { path: SERVER, pathNot: SHARED, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "shared-stays-shared",
      comment: "a SHARED module and lib/sentry/shared never pull server code in",
      severity: "error",
      from: { path: ISOMORPHIC },
      to: {
        path: [...SERVER, SERVER_ONLY_PACKAGE],
        pathNot: SHARED,
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "node-tools-never-load-server-only",
      comment: "scripts and tool configs run in plain Node, where `server-only` throws",
      severity: "error",
      from: { path: NODE_TOOLS, pathNot: REACT_SERVER_SCRIPTS },
      to: { path: SERVER_ONLY_PACKAGE, reachable: true },
    },
  ],
  required: [
    {
      name: "server-module-says-server-only",
      comment: 'every server module starts with import "server-only"',
      severity: "error",
      module: { path: SERVER, pathNot: SHARED },
      to: { path: SERVER_ONLY_PACKAGE },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    exclude: { path: "^(\\.next[^/]*|test-results)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".mjs", ".js", ".cjs", ".d.ts"],
    },
    skipAnalysisNotInRules: true,
    cache: { folder: "node_modules/.cache/dependency-cruiser", strategy: "content" },
  },
};
