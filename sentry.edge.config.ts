import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/env.mjs";
import { backendConfig, edgeOptions } from "@/lib/sentry/server-options";
import { initOnce } from "@/lib/sentry/init-once";

initOnce("edge", Sentry.init, edgeOptions(backendConfig(env)));
