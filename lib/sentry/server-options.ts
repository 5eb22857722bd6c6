import type { NodeOptions } from "@sentry/nextjs";
import { parseScrubPatterns, resolveSentryEnv, resolveTracesSampleRate } from "@/lib/env-schema.mjs";
import type { AppEnv } from "@/lib/env-schema.mjs";
import { commonOptions, type RuntimeSentryConfig } from "./common-options";

/** Server and edge report to the backend project (SENTRY_DSN_BACKEND). */
export function backendConfig(env: AppEnv): RuntimeSentryConfig {
  const environment = resolveSentryEnv({ SENTRY_ENV: env.SENTRY_ENV ?? env.NEXT_PUBLIC_SENTRY_ENV, NODE_ENV: env.NODE_ENV });
  return {
    dsn: env.SENTRY_DSN_BACKEND,
    environment,
    release: env.NEXT_PUBLIC_SENTRY_RELEASE,
    tracesSampleRate: resolveTracesSampleRate(env.SENTRY_TRACES_SAMPLE_RATE_BACKEND, environment),
    sendDefaultPii: env.SENTRY_SEND_DEFAULT_PII ?? false,
    spotlight: env.SENTRY_SPOTLIGHT ?? false,
    debug: env.SENTRY_DEBUG ?? false,
    scrub: { enabled: env.SENTRY_SCRUB ?? true, extraPatterns: parseScrubPatterns(env.SENTRY_SCRUB_PATTERNS) },
  };
}

export function serverOptions(config: RuntimeSentryConfig, profilesSampleRate = 0): NodeOptions {
  return {
    ...commonOptions(config),
    ...(profilesSampleRate > 0 && { profileSessionSampleRate: profilesSampleRate, profileLifecycle: "trace" as const }),
  };
}

export function edgeOptions(config: RuntimeSentryConfig) {
  return commonOptions(config);
}
