// `npm run sentry:doctor [-- --url http://localhost:3000] [--dist .next]`: checks the Sentry setup end to end.
// Every check prints PASS, WARN or FAIL with the fix; any FAIL exits 1.
import { parseArgs } from "node:util";
import { env } from "../../lib/config/env.mjs";
import { resolveRelease } from "../../lib/config/release.mjs";
import { runDoctor } from "../../lib/sentry-ops/doctor/run-doctor";

const { values } = parseArgs({
  options: { url: { type: "string" }, dist: { type: "string" }, spotlight: { type: "string" } },
});
runDoctor({
  env,
  release: resolveRelease(env.SENTRY_RELEASE),
  distDir: values.dist ?? env.MAMS_DIST_DIR ?? ".next",
  url: values.url,
  spotlightUrl: values.spotlight,
}).then((code) => process.exit(code));
