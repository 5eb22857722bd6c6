import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { AppEnv } from "@/lib/config/env-schema.mjs";
import { parseDsn } from "@/lib/sentry/shared/dsn";
import { fail, pass, warn, type CheckResult } from "./check";

export type BuildFacts = { release?: string; debugId?: { id: string; file: string } };

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const DEBUG_ID =
  /(?:debugId=|_sentryDebugIds\[[^\]]{1,200}\]\s*=\s*")([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

/**
 * What a browser can download: `static/` and the prerendered pages. No backend DSN, auth token or
 * `.map` may be among them; the built release and one debug id are read for the Sentry checks.
 */
export function buildChecks(
  env: AppEnv,
  distDir: string,
  expectedRelease: string,
): { results: CheckResult[]; facts: BuildFacts } {
  const staticDir = path.join(distDir, "static");
  if (!existsSync(staticDir)) {
    return {
      results: [
        warn(
          "build",
          `no build in ${distDir}: the public-file, release and source map checks need one`,
          "run `npm run build` (or pass --dist <folder>)",
        ),
      ],
      facts: {},
    };
  }
  const publicFiles = [
    ...walk(staticDir),
    ...walk(path.join(distDir, "server", "app")).filter((file) => /\.(html|rsc|body)$/.test(file)),
  ];
  const results: CheckResult[] = [];
  const facts: BuildFacts = {};

  const secrets: Array<[string, string]> = [];
  const backendKey = env.SENTRY_DSN_BACKEND
    ? parseDsn(env.SENTRY_DSN_BACKEND)?.publicKey
    : undefined;
  const frontendKey = env.SENTRY_DSN_FRONTEND
    ? parseDsn(env.SENTRY_DSN_FRONTEND)?.publicKey
    : undefined;
  if (backendKey && backendKey !== frontendKey) secrets.push(["the backend DSN key", backendKey]);
  if (env.SENTRY_AUTH_TOKEN) secrets.push(["SENTRY_AUTH_TOKEN", env.SENTRY_AUTH_TOKEN]);
  const leaks: string[] = [];
  let releaseSeen = false;
  for (const file of publicFiles) {
    if (file.endsWith(".map")) continue;
    const text = readFileSync(file, "utf8");
    for (const [what, value] of secrets)
      if (text.includes(value)) leaks.push(`${what} in ${path.relative(distDir, file)}`);
    if (!releaseSeen && text.includes(expectedRelease)) releaseSeen = true;
    if (!facts.debugId && file.endsWith(".js")) {
      const match = DEBUG_ID.exec(text);
      if (match)
        facts.debugId = { id: match[1]!.toLowerCase(), file: path.relative(distDir, file) };
    }
  }
  results.push(
    leaks.length
      ? fail(
          "public.secrets",
          `found ${leaks.slice(0, 3).join("; ")}`,
          "never pass server-only values through NEXT_PUBLIC_* or client imports; rebuild, then rotate the leaked key",
        )
      : pass(
          "public.secrets",
          `no backend DSN or auth token in ${publicFiles.length} public files`,
        ),
  );
  const maps = publicFiles.filter((file) => file.endsWith(".map"));
  results.push(
    maps.length
      ? fail(
          "public.sourcemaps",
          `${maps.length} .map files are served, e.g. ${path.relative(distDir, maps[0]!)}`,
          "build with SENTRY_AUTH_TOKEN set (the upload deletes them), or delete them before deploying",
        )
      : pass("public.sourcemaps", "no .map file is served"),
  );
  if (releaseSeen) facts.release = expectedRelease;
  results.push(
    releaseSeen
      ? pass("release.build", `the build carries release ${expectedRelease}`)
      : warn(
          "release.build",
          `the build in ${distDir} does not carry release ${expectedRelease} (built from another commit or SENTRY_RELEASE)`,
          "rebuild, or set SENTRY_RELEASE to the release that was built",
        ),
  );
  if (!facts.debugId)
    results.push(
      warn(
        "sourcemaps.debug-id",
        "no built chunk carries a debug id",
        "build with SENTRY_AUTH_TOKEN, SENTRY_ORG and SENTRY_PROJECT_* so the plugin injects debug ids and uploads maps",
      ),
    );
  return { results, facts };
}
