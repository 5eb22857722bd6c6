import type { BrowserOptions } from "@sentry/nextjs";
import { parseScrubPatterns, resolveSentryEnv, resolveTracesSampleRate } from "@/lib/env-schema.mjs";
import type { AppEnv } from "@/lib/env-schema.mjs";
import { commonOptions, TUNNEL_PATH, type RuntimeSentryConfig } from "./common-options";

/** The browser reports to the frontend project, with values inlined at build time. */
export function frontendConfig(env: AppEnv): RuntimeSentryConfig {
  const environment = resolveSentryEnv({ SENTRY_ENV: env.NEXT_PUBLIC_SENTRY_ENV, NODE_ENV: env.NODE_ENV });
  return {
    dsn: env.NEXT_PUBLIC_SENTRY_DSN_FRONTEND,
    environment,
    release: env.NEXT_PUBLIC_SENTRY_RELEASE,
    tracesSampleRate: resolveTracesSampleRate(env.NEXT_PUBLIC_SENTRY_TRACES_SAMPLE_RATE_FRONTEND, environment),
    sendDefaultPii: env.NEXT_PUBLIC_SENTRY_SEND_DEFAULT_PII ?? false,
    spotlight: env.NEXT_PUBLIC_SENTRY_SPOTLIGHT ?? false,
    debug: env.NEXT_PUBLIC_SENTRY_DEBUG ?? false,
    scrub: { enabled: true, extraPatterns: parseScrubPatterns(env.NEXT_PUBLIC_SENTRY_SCRUB_PATTERNS) },
  };
}

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function clientOptions(config: RuntimeSentryConfig, origin: string): BrowserOptions {
  return {
    ...commonOptions(config),
    // Our own route relays envelopes, so ad blockers do not eat them and any DSN works.
    tunnel: config.dsn ? TUNNEL_PATH : undefined,
    // Trace headers go to our own origin only, never to third parties.
    tracePropagationTargets: [/^\/(?!\/)/, new RegExp(`^${escapeRegExp(origin)}(?:/|$)`)],
  };
}
