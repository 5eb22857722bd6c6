// `npm run sentry:apply`: converges Sentry to lib/sentry-ops. A second run prints "No changes".
import { env } from "../../lib/config/env.mjs";
import { runOps } from "../../lib/sentry-ops/run";

runOps("apply", { env }).then((code) => process.exit(code));
