import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Turbopack's build cache (`<distDir>/cache/turbopack`) only serves a build into the same dist dir: copied
 * to another one it is ignored. So the Turbopack variant builds all build in this one directory and are
 * then moved to their own, the cache staying behind for the next: a variant that differs from the one
 * before only in its environment compiles in about 15 s instead of about 60 here (measured 2026-12-03).
 * `next start` tells each route module where its dist dir now is, so a moved build serves. What a moved
 * build keeps of its old place is the dist dir name Sentry's server SDK strips from frame paths
 * (DistDirRewriteFrames), so its server frames keep their absolute paths. No variant test resolves server
 * frames; the main build, whose tests do, is built in place (playwright.config.ts).
 */
export const WORK_DIST_DIR = ".next-e2e-work";
const CACHE = path.join("cache", "turbopack");

export async function buildInWorkDir<T>(
  target: string,
  build: (distDir: string) => Promise<T>,
): Promise<T> {
  rmSync(target, { recursive: true, force: true });
  try {
    return await build(WORK_DIST_DIR);
  } finally {
    if (existsSync(WORK_DIST_DIR)) {
      renameSync(WORK_DIST_DIR, target);
      mkdirSync(path.join(WORK_DIST_DIR, "cache"), { recursive: true });
      if (existsSync(path.join(target, CACHE)))
        renameSync(path.join(target, CACHE), path.join(WORK_DIST_DIR, CACHE));
    }
  }
}
