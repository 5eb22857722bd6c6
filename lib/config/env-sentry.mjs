// The Sentry SDK in every runtime (lib/sentry): DSNs, sampling, scrubbing, logs and replays, the
// environment and release, and the values next.config.mjs inlines for the browser.
import { z } from "zod";
import { bool } from "./env-fields.mjs";

export const SENTRY_ENVIRONMENTS = /** @type {const} */ (["development", "staging", "production"]);

/** Plan section 3: dev traces everything, other environments sample 20% unless told otherwise. */
export const DEFAULT_TRACES_SAMPLE_RATE = { development: 1, staging: 0.2, production: 0.2 };

const DSN_PATTERN =
  /^(https?):\/\/([^:@/\s]+)(?::[^@/\s]*)?@([^/\s:]+)(?::(\d+))?((?:\/[^/\s]+)*)\/(\d+)\/?$/;

/** @param {string} value */
export function isValidDsn(value) {
  return DSN_PATTERN.test(value);
}

const sentryEnv = z.enum(SENTRY_ENVIRONMENTS, {
  error: `must be one of ${SENTRY_ENVIRONMENTS.join("|")}`,
});

const sampleRate = z
  .string()
  .transform((raw, ctx) => {
    const value = Number(raw.trim());
    if (raw.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
      ctx.addIssue({ code: "custom", message: `must be a number between 0 and 1 (got "${raw}")` });
      return z.NEVER;
    }
    return value;
  })
  .optional();

const dsn = z
  .string()
  .refine(isValidDsn, {
    message: "must be a DSN URL like https://<public-key>@<host>/<project-id>, or empty",
  })
  .optional();

const release = z
  .string()
  .regex(/^[^\s/\\]{1,200}$/, {
    message: "must be 'auto' or a release name without spaces or slashes",
  })
  .optional();

const patterns = z
  .string()
  .refine(
    (value) =>
      value.split(",").every((part) => {
        try {
          new RegExp(part.trim());
          return part.trim().length > 0;
        } catch {
          return false;
        }
      }),
    { message: "must be comma-separated regular expressions, e.g. ACME-\\d{6},cust_[a-z0-9]+" },
  )
  .optional();

const logLevel = z
  .enum(["trace", "debug", "info", "warn", "error", "fatal", "off"], {
    error: "must be one of trace|debug|info|warn|error|fatal|off",
  })
  .optional();

export const sentrySchema = {
  server: {
    SENTRY_RELEASE: release,
    SENTRY_DSN_BACKEND: dsn,
    SENTRY_TRACES_SAMPLE_RATE_BACKEND: sampleRate,
    // Per-route sampling policy (lib/sentry/shared/sampling-policy.ts): reads, writes and negotiation runs.
    SENTRY_TRACES_SAMPLE_RATE_READ: sampleRate,
    SENTRY_TRACES_SAMPLE_RATE_WRITE: sampleRate,
    SENTRY_TRACES_SAMPLE_RATE_RUN: sampleRate,
    SENTRY_PROFILES_SAMPLE_RATE_BACKEND: sampleRate,
    SENTRY_SEND_DEFAULT_PII: bool,
    SENTRY_DSN_FRONTEND: dsn,
    SENTRY_TRACES_SAMPLE_RATE_FRONTEND: sampleRate,
    SENTRY_SPOTLIGHT: bool,
    SENTRY_DEBUG: bool,
    SENTRY_SCRUB: bool,
    SENTRY_SCRUB_PATTERNS: patterns,
    SENTRY_LOG_LEVEL_BACKEND: logLevel,
    SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND: sampleRate,
    SENTRY_REPLAYS_SESSION_SAMPLE_RATE_FRONTEND: sampleRate,
  },
  shared: {
    SENTRY_ENV: sentryEnv.optional(),
  },
  /** Values computed by next.config.mjs at build time and inlined into every bundle. */
  client: {
    NEXT_PUBLIC_SENTRY_DSN_FRONTEND: dsn,
    NEXT_PUBLIC_SENTRY_TRACES_SAMPLE_RATE_FRONTEND: sampleRate,
    NEXT_PUBLIC_SENTRY_ENV: sentryEnv.optional(),
    NEXT_PUBLIC_SENTRY_RELEASE: z.string().optional(),
    NEXT_PUBLIC_SENTRY_SPOTLIGHT: bool,
    NEXT_PUBLIC_SENTRY_DEBUG: bool,
    NEXT_PUBLIC_SENTRY_SEND_DEFAULT_PII: bool,
    NEXT_PUBLIC_SENTRY_SCRUB_PATTERNS: patterns,
    NEXT_PUBLIC_SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND: sampleRate,
    NEXT_PUBLIC_SENTRY_REPLAYS_SESSION_SAMPLE_RATE_FRONTEND: sampleRate,
  },
};

/**
 * @param {{ SENTRY_ENV?: string, NODE_ENV?: string }} env
 * @returns {"development" | "staging" | "production"}
 */
export function resolveSentryEnv(env) {
  if (env.SENTRY_ENV)
    return /** @type {"development" | "staging" | "production"} */ (env.SENTRY_ENV);
  return env.NODE_ENV === "production" ? "production" : "development";
}

/**
 * @param {string | undefined} value comma-separated patterns, validated by the schema above
 * @returns {RegExp[]}
 */
export function parseScrubPatterns(value) {
  return value ? value.split(",").map((part) => new RegExp(part.trim(), "g")) : [];
}

/**
 * @param {number | undefined} configured
 * @param {"development" | "staging" | "production"} environment
 */
export function resolveTracesSampleRate(configured, environment) {
  return configured ?? DEFAULT_TRACES_SAMPLE_RATE[environment];
}
