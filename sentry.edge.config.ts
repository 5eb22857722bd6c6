import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/config/env.mjs";
import { backendConfig, edgeOptions } from "@/lib/sentry/server/server-options";
import { initOnce } from "@/lib/sentry/shared/init-once";

initOnce("edge", Sentry.init, edgeOptions(backendConfig(env)));
