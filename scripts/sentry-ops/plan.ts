// `npm run sentry:plan`: prints what `sentry:apply` would change in Sentry, field by field. Changes nothing.
import { env } from "../../lib/config/env.mjs";
import { runOps } from "../../lib/sentry-ops/run";

runOps("plan", { env }).then((code) => process.exit(code));
