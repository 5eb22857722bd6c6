import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import { BUILDER_LOG, markBackgroundBuilds } from "./variant-builds";

/**
 * Runs after the main build is up. With E2E_BACKGROUND_BUILDS=1 (`npm run test:e2e`), starts the variant
 * builds in the background so they overlap the main specs, which mostly wait on the browser and the
 * receiver; variant-builds.spec.ts, last in file order, then finds them done. A targeted run leaves
 * the variable unset and builds only what it needs.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.E2E_BACKGROUND_BUILDS !== "1") {
    markBackgroundBuilds();
    return async () => {};
  }
  markBackgroundBuilds();
  const log = openSync(BUILDER_LOG, "a");
  const builder = spawn(
    process.execPath,
    ["--import", "tsx", "tests/e2e/support/variant-builds-main.ts"],
    { stdio: ["ignore", log, log], detached: true },
  );
  markBackgroundBuilds(builder.pid);
  return async () => {
    // Its own process group: the builds it started stop with it.
    if (builder.exitCode === null && builder.pid) process.kill(-builder.pid, "SIGTERM");
  };
}
