import { spawnSync } from "node:child_process";
import { E2E_DIST_DIR } from "./e2e-config";
import { buildInWorkDir } from "./work-dist";

/**
 * The suite's main build (playwright.config.ts), made in the shared work dir and moved to its own, so the
 * Turbopack cache it leaves behind serves the variant builds that follow (support/work-dist.ts). It is
 * told the folder it will be served from (MAMS_SERVE_DIST_DIR): Sentry inlines that folder at build time
 * to strip it from server frames, which must read `app:///_next/...` for the uploaded maps to apply.
 */
void buildInWorkDir(E2E_DIST_DIR, async (place) => {
  const result = spawnSync("node_modules/.bin/next", ["build"], {
    env: { ...process.env, ...place },
    stdio: "inherit",
  });
  return result.status ?? 1;
}).then((code) => process.exit(code));
