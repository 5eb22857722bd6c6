import "server-only";
import type { NodeOptions } from "@sentry/nextjs";
import {
  parseScrubPatterns,
  resolveSentryEnv,
  resolveTracesSampleRate,
} from "@/lib/config/env-schema.mjs";
import type { AppEnv } from "@/lib/config/env-schema.mjs";
import { commonOptions, type RuntimeSentryConfig } from "../shared/common-options";
import { resolveRouteSampleRates, routeSampler, tracesAnything } from "../shared/sampling-policy";

/** Server and edge report to the backend project (SENTRY_DSN_BACKEND). */
export function backendConfig(env: AppEnv): RuntimeSentryConfig {
  const environment = resolveSentryEnv({
    SENTRY_ENV: env.SENTRY_ENV ?? env.NEXT_PUBLIC_SENTRY_ENV,
    NODE_ENV: env.NODE_ENV,
  });
  return {
    dsn: env.SENTRY_DSN_BACKEND,
    environment,
    release: env.NEXT_PUBLIC_SENTRY_RELEASE,
    tracesSampleRate: resolveTracesSampleRate(env.SENTRY_TRACES_SAMPLE_RATE_BACKEND, environment),
    routeRates: resolveRouteSampleRates(env, environment),
    sendDefaultPii: env.SENTRY_SEND_DEFAULT_PII ?? false,
    spotlight: env.SENTRY_SPOTLIGHT ?? false,
    debug: env.SENTRY_DEBUG ?? false,
    scrub: {
      enabled: env.SENTRY_SCRUB ?? true,
      extraPatterns: parseScrubPatterns(env.SENTRY_SCRUB_PATTERNS),
      literals: configuredSecrets(env),
    },
  };
}

/** Server-side secrets scrubbed wherever they appear, whatever their format. Never built for the browser. */
export function configuredSecrets(env: AppEnv): string[] {
  const secrets = [env.LLM_API_KEY, env.SENTRY_AUTH_TOKEN, env.DATABASE_URL];
  if (env.DATABASE_URL) {
    try {
      const password = new URL(env.DATABASE_URL).password;
      secrets.push(password, decodeURIComponent(password));
    } catch {
      // validated as a postgres URL by the env module; nothing more to extract
    }
  }
  return [...new Set(secrets.filter((s): s is string => Boolean(s?.trim())))].sort(
    (a, b) => b.length - a.length,
  );
}

/**
 * Outgoing calls from the server go to LLM providers, the database and Sentry, none of them ours:
 * `sentry-trace` and `baggage` (release, environment, the DSN's public key, the transaction name)
 * must not reach them. Only same-origin relative URLs would get them, and the server makes none.
 * A run still joins the trace of the request that started it (`continueTrace` in run-observability).
 */
export const SERVER_TRACE_PROPAGATION_TARGETS: ReadonlyArray<RegExp> = [/^\/(?!\/)/];

/** With a route policy, its sampler replaces the flat one; with every class at 0, no tracing machinery at all. */
function serverSampling(config: RuntimeSentryConfig) {
  const { tracesSampler, ...common } = commonOptions(config);
  if (!config.routeRates) return { ...common, ...(tracesSampler && { tracesSampler }) };
  return {
    ...common,
    ...(tracesAnything(config.routeRates) && { tracesSampler: routeSampler(config.routeRates) }),
  };
}

export function serverOptions(config: RuntimeSentryConfig, profilesSampleRate = 0): NodeOptions {
  return {
    ...serverSampling(config),
    tracePropagationTargets: [...SERVER_TRACE_PROPAGATION_TARGETS],
    ...(profilesSampleRate > 0 && {
      profileSessionSampleRate: profilesSampleRate,
      profileLifecycle: "trace" as const,
    }),
  };
}

export function edgeOptions(config: RuntimeSentryConfig) {
  return {
    ...serverSampling(config),
    tracePropagationTargets: [...SERVER_TRACE_PROPAGATION_TARGETS],
  };
}
