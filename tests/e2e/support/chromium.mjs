// JavaScript so that `node scripts/check-chromium.mjs` can read it before anything is compiled.
import { accessSync, constants, statSync } from "node:fs";

export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * The browser Playwright drives (playwright.config.ts): Debian's Chromium unless CHROMIUM_PATH names another.
 * @param {Record<string, string | undefined>} env
 */
export function chromiumPath(env) {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

/**
 * Why the browser cannot be launched, in words that say what to do; undefined when it can.
 * @param {Record<string, string | undefined>} env
 */
export function chromiumProblem(env) {
  const path = chromiumPath(env);
  try {
    accessSync(path, constants.X_OK);
    if (statSync(path).isFile()) return undefined;
  } catch {
    // missing or not executable: explained below
  }
  const source = env.CHROMIUM_PATH ? "CHROMIUM_PATH" : "the default path";
  return [
    `The e2e suite needs Chromium, and there is no executable at ${path} (${source}).`,
    "Install Debian's Chromium:   sudo apt-get update && sudo apt-get install -y chromium",
    "or point CHROMIUM_PATH at a Chromium or Chrome binary:   CHROMIUM_PATH=/path/to/chromium npm test",
    "(`npx playwright install` is not used: the suite drives the system's Chromium.)",
  ].join("\n");
}
