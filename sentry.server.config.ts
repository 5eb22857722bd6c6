import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/config/env.mjs";
import { nodeOptions } from "@/lib/sentry/server/node-options";
import { backendConfig } from "@/lib/sentry/server/server-options";
import { initOnce } from "@/lib/sentry/shared/init-once";
import { noticeMissingBackendDsn } from "@/lib/sentry/server/no-dsn-notice";

initOnce(
  "nodejs",
  Sentry.init,
  nodeOptions(
    backendConfig(env),
    env.SENTRY_PROFILES_SAMPLE_RATE_BACKEND,
    env.SENTRY_LOG_LEVEL_BACKEND,
  ),
);
noticeMissingBackendDsn({ dsn: env.SENTRY_DSN_BACKEND, nodeEnv: env.NODE_ENV });
