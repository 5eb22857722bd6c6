import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runBuild, type BuildResult } from "./build-runner";
import { buildInWorkDir } from "./work-dist";

/** Distinct canaries for every server-only value the no-token build can see (none may reach a bundle). */
export const BUILD_SECRETS = {
  SENTRY_DSN_BACKEND: "https://canarybackendkey0042@o1.ingest.sentry.io/42",
  DATABASE_URL: "postgres://canaryuser:canary-db-password-77@127.0.0.1:1/canarydb",
  LLM_API_KEY: "sk-canary-llm-key-0123456789abcdef",
  SENTRY_SCRUB_PATTERNS: "ACME-\\d{6}",
};

// None type-checks again: the main build and `npm run typecheck` check the same sources.
const COMPILE_ONLY = { MAMS_BUILD_SKIP_TYPECHECK: "true" };

/**
 * The builds besides the main one (playwright.config.ts), each in its own dist dir. They differ at build
 * time (bundler, inlined browser settings, upload), so none can share the main build; in this order the
 * Turbopack ones reuse most of what the Turbopack build before compiled, the first of them the main
 * build's (support/work-dist.ts).
 */
export const VARIANT_BUILDS = {
  // First: webpack compiles on about one core, beside the main specs; the Turbopack builds use both and
  // come last, when the specs are done. It has its own cache and leaves the work dir's alone.
  webpack: {
    overrides: { ...COMPILE_ONLY, MAMS_DIST_DIR: ".next-e2e-webpack" },
    args: ["--webpack"],
  },
  // Also the errors-only browser build (frontend traces rate 0).
  notoken: {
    overrides: {
      ...COMPILE_ONLY,
      MAMS_DIST_DIR: ".next-e2e-notoken",
      SENTRY_AUTH_TOKEN: undefined,
      SENTRY_TRACES_SAMPLE_RATE_FRONTEND: "0",
      ...BUILD_SECRETS,
    },
    args: [],
  },
  nodsn: {
    overrides: {
      ...COMPILE_ONLY,
      MAMS_DIST_DIR: ".next-e2e-nodsn",
      SENTRY_DSN_BACKEND: undefined,
      SENTRY_DSN_FRONTEND: undefined,
      SENTRY_AUTH_TOKEN: undefined,
    },
    args: [],
  },
  failing: {
    overrides: {
      ...COMPILE_ONLY,
      MAMS_DIST_DIR: ".next-e2e-failing",
      CI: "true",
      SENTRY_AUTH_TOKEN: "sntrys_revoked_token_0000000000",
    },
    args: [],
  },
  nosentry: {
    overrides: {
      ...COMPILE_ONLY,
      MAMS_DIST_DIR: ".next-e2e-nosentry",
      MAMS_BUILD_WITHOUT_SENTRY: "true",
    },
    args: [],
  },
} satisfies Record<string, { overrides: Record<string, string | undefined>; args: string[] }>;

export type VariantName = keyof typeof VARIANT_BUILDS;
type Build = (
  overrides: Record<string, string | undefined>,
  args: string[],
) => Promise<BuildResult>;

/** Turbopack variants build through the shared work dir and its cache; webpack has its own cache. */
const realBuild: Build = (overrides, args) =>
  args.includes("--webpack")
    ? runBuild(overrides, args)
    : buildInWorkDir(overrides.MAMS_DIST_DIR!, (place) =>
        runBuild({ ...overrides, ...place }, args),
      );

const RESULTS = "tmp/e2e-builds";
const resultFile = (dir: string, name: VariantName) => path.join(dir, `${name}.json`);
const pidFile = (dir: string) => path.join(dir, "background.pid");
/** The background builder's own output (a crash of the builder itself lands here). */
export const BUILDER_LOG = path.join(RESULTS, "builder.log");

/** Runs the variant builds one after another, writing each result where `variantBuild` finds it. */
export async function buildAll(
  names = Object.keys(VARIANT_BUILDS) as VariantName[],
  build: Build = realBuild,
  dir = RESULTS,
): Promise<void> {
  for (const name of names) {
    const started = Date.now();
    const result = await build(VARIANT_BUILDS[name].overrides, VARIANT_BUILDS[name].args);
    writeFileSync(
      `${resultFile(dir, name)}.tmp`,
      JSON.stringify({ ...result, seconds: Math.round((Date.now() - started) / 1000) }),
    );
    renameSync(`${resultFile(dir, name)}.tmp`, resultFile(dir, name));
  }
}

/** Clears old results; with a pid, records that a background builder is making them. */
export function markBackgroundBuilds(pid?: number, dir = RESULTS): void {
  if (pid) {
    writeFileSync(pidFile(dir), String(pid));
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

const builderAlive = (dir: string) => {
  try {
    process.kill(Number(readFileSync(pidFile(dir), "utf8")), 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A variant build's result: from the background builder that global setup started during the main specs
 * (`npm run test:e2e`), or, in a targeted run or when that builder died, built here and now.
 */
export async function variantBuild(
  name: VariantName,
  options: { build?: Build; dir?: string; timeoutMs?: number } = {},
): Promise<BuildResult> {
  const { build = realBuild, dir = RESULTS, timeoutMs = 900_000 } = options;
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(resultFile(dir, name))) {
    if (!existsSync(pidFile(dir)) || !builderAlive(dir)) {
      const started = Date.now();
      const result = await build(VARIANT_BUILDS[name].overrides, VARIANT_BUILDS[name].args);
      console.log(`variant build ${name}: ${Math.round((Date.now() - started) / 1000)} s inline`);
      return result;
    }
    if (Date.now() > deadline)
      throw new Error(`the background build "${name}" did not finish within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const result = JSON.parse(readFileSync(resultFile(dir, name), "utf8")) as BuildResult & {
    seconds: number;
  };
  console.log(`variant build ${name}: ${result.seconds} s in the background`);
  return result;
}
