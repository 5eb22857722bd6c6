import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Turbopack's build cache (`<distDir>/cache/turbopack`) only serves a build into the same dist dir: copied
 * to another one it is ignored. So the suite's Turbopack builds, the main one first (support/build-main.ts),
 * all build in this one directory and are then moved to their own, the cache staying behind for the next:
 * a build that differs from the one before only in its environment compiles in about 15 s instead of about
 * 60 here (measured 2026-12-03). `next start` tells each route module where its dist dir now is, so a
 * moved build serves. What a moved build would keep of its old place is the dist dir name Sentry's server
 * SDK strips from frame paths (DistDirRewriteFrames), inlined at build time: so every build is told the
 * folder it will be served from (MAMS_SERVE_DIST_DIR), or its server frames keep their absolute paths and
 * identical errors reach Sentry as one event.
 */
export const WORK_DIST_DIR = ".next-e2e-work";
const CACHE = path.join("cache", "turbopack");

/** `build` gets the environment that places the build: where it is made and where it will be served. */
export async function buildInWorkDir<T>(
  target: string,
  build: (env: { MAMS_DIST_DIR: string; MAMS_SERVE_DIST_DIR: string }) => Promise<T>,
): Promise<T> {
  rmSync(target, { recursive: true, force: true });
  try {
    return await build({ MAMS_DIST_DIR: WORK_DIST_DIR, MAMS_SERVE_DIST_DIR: target });
  } finally {
    if (existsSync(WORK_DIST_DIR)) {
      renameSync(WORK_DIST_DIR, target);
      mkdirSync(path.join(WORK_DIST_DIR, "cache"), { recursive: true });
      if (existsSync(path.join(target, CACHE)))
        renameSync(path.join(target, CACHE), path.join(WORK_DIST_DIR, CACHE));
    }
  }
}
