// Resolves SENTRY_RELEASE=auto once, at build time, so the server, the browser
// and the source map upload all carry the same string.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * @param {string} cwd
 * @returns {string | undefined}
 */
export function gitCommitSha(cwd) {
  try {
    const sha = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd,
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
    return /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

/** @param {string} cwd */
export function packageVersion(cwd) {
  const pkg = JSON.parse(readFileSync(path.join(cwd, "package.json"), "utf8"));
  return `${pkg.name}@${pkg.version}`;
}

/**
 * @param {string | undefined} configured SENTRY_RELEASE as validated ("auto" when unset)
 * @param {{ cwd?: string, sha?: (cwd: string) => string | undefined }} [options]
 */
export function resolveRelease(configured, options = {}) {
  const cwd = options.cwd ?? process.cwd();
  if (configured && configured !== "auto") return configured;
  return (options.sha ?? gitCommitSha)(cwd) ?? packageVersion(cwd);
}
