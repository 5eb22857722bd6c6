// The main e2e build (playwright.config.ts): `next build` through the shared work dir, so the variant
// builds that follow reuse its Turbopack cache, then moved to E2E_DIST_DIR for `next start`.
import { spawn } from "node:child_process";
import { E2E_DIST_DIR } from "./e2e-config";
import { buildInWorkDir } from "./work-dist";

buildInWorkDir(
  E2E_DIST_DIR,
  (distDir) =>
    new Promise<number | null>((resolve) =>
      spawn("node_modules/.bin/next", ["build"], {
        env: { ...process.env, MAMS_DIST_DIR: distDir },
        stdio: "inherit",
      }).on("exit", resolve),
    ),
).then((code) => process.exit(code ?? 1));
