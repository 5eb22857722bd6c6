// Schemas and defaults for every environment variable MAMS reads. Plain ESM so
// next.config.mjs can import it at build time; typed through JSDoc + zod.
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

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

const bool = z
  .enum(["true", "false"], { error: "must be true or false" })
  .transform((value) => value === "true")
  .optional();

const release = z
  .string()
  .regex(/^[^\s/\\]{1,200}$/, {
    message: "must be 'auto' or a release name without spaces or slashes",
  })
  .optional();

const url = z
  .url({ message: "must be an absolute URL such as https://sentry.example.com" })
  .optional();

const slug = z
  .string()
  .regex(/^[a-z0-9_-]+$/i, { message: "must be a Sentry slug (letters, digits, - and _)" })
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

const distDir = z
  .string()
  .regex(/^\.next[a-z0-9_-]*$/i, { message: "must be a folder name starting with .next" })
  .optional();

const integrationId = z
  .string()
  .regex(/^\d+$/, {
    message: "must be a numeric id as Sentry shows it (Settings → Integrations → Configurations)",
  })
  .optional();

const slackChannel = z
  .string()
  .regex(/^[#@][a-z0-9._-]{1,80}$/, { message: "must be a Slack channel like #mams-alerts" })
  .optional();

const opsEnvironments = z
  .string()
  .refine(
    (value) => value.split(",").every((part) => ["staging", "production"].includes(part.trim())),
    {
      message: "must be a comma-separated list of staging|production (development never alerts)",
    },
  )
  .optional();

/** @param {number} max */
const positiveInt = (max) =>
  z
    .string()
    .regex(/^\d+$/, { message: `must be a whole number between 1 and ${max}` })
    .transform(Number)
    .refine((value) => value >= 1 && value <= max, {
      message: `must be a whole number between 1 and ${max}`,
    })
    .optional();

const urlList = z
  .string()
  .refine(
    (value) =>
      value
        .split(",")
        .every((part) => /^https?:\/\/[^\s,]+$/.test(part.trim()) && URL.canParse(part.trim())),
    {
      message:
        "must be comma-separated http(s) URLs, e.g. http://localhost:1234/v1,https://api.openai.com/v1",
    },
  )
  .optional();

const wordList = z
  .string()
  .refine((value) => value.split(",").every((part) => /^[^\s,]+$/.test(part.trim())), {
    message: "must be a comma-separated list without spaces",
  })
  .optional();

/** Security and limits (docs/security.md): every one optional, with the defaults in lib/security/settings.ts. */
export const securitySchema = {
  MAMS_ACCESS_TOKEN: z
    .string()
    .min(24, { message: "must be at least 24 characters (e.g. openssl rand -hex 32)" })
    .optional(),
  MAMS_ALLOWED_HOSTS: wordList,
  LLM_ALLOWED_BASE_URLS: urlList,
  LLM_ALLOW_CUSTOM_BASE_URL: bool,
  LLM_ALLOW_PRIVATE_ADDRESSES: bool,
  LLM_MAX_RESPONSE_BYTES: positiveInt(100_000_000),
  LLM_SERVER_KEY_MODELS: wordList,
  LLM_TOKEN_BUDGET_PER_EPISODE: positiveInt(1_000_000_000),
  MAMS_MAX_CONCURRENT_RUNS: positiveInt(1000),
  MAMS_MAX_RUNS_PER_EPISODE: positiveInt(1000),
  MAMS_MAX_QUEUED_RUNS: positiveInt(100_000),
  MAMS_MAX_MESSAGES_PER_ROOM: positiveInt(100_000),
  MAMS_MAX_EVENTS_PER_ROOM: positiveInt(1_000_000),
  MAMS_TRANSCRIPT_WINDOW: positiveInt(10_000),
  MAMS_MAX_SSE_PER_ROOM: positiveInt(10_000),
  MAMS_MAX_SSE_PER_CLIENT: positiveInt(10_000),
  MAMS_WRITES_PER_MINUTE: positiveInt(1_000_000),
};

export const serverSchema = {
  ...securitySchema,
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
  SENTRY_AUTH_TOKEN: z.string().optional(),
  SENTRY_ORG: slug,
  SENTRY_PROJECT_FRONTEND: slug,
  SENTRY_PROJECT_BACKEND: slug,
  SENTRY_URL: url,
  SENTRY_SPOTLIGHT: bool,
  SENTRY_DEBUG: bool,
  MAMS_ENABLE_TEST_ROUTES: bool,
  MAMS_DIST_DIR: distDir,
  MAMS_SERVE_DIST_DIR: distDir.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, {
      message:
        "must be a PostgreSQL URL like postgres://user:pass@host:5432/db, or empty for the embedded database",
    })
    .optional(),
  MAMS_DATA_DIR: z.string().min(1).optional(),
  // Scale-out (DATABASE_URL only, docs/deploy.md): how soon another instance resumes a dead instance's runs.
  MAMS_TAKEOVER_SECONDS: z
    .string()
    .regex(/^\d+$/, { message: "must be a whole number of seconds between 3 and 600" })
    .transform(Number)
    .refine((value) => value >= 3 && value <= 600, {
      message: "must be a whole number of seconds between 3 and 600",
    })
    .optional(),
  MAMS_INSTANCE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, {
      message: "must be 1-64 letters, digits, '.', '_', ':' or '-'",
    })
    .optional(),
  LLM_API_KEY: z.string().optional(),
  SENTRY_DEPLOY: bool,
  MAMS_BUILD_WITHOUT_SENTRY: bool,
  MAMS_BUILD_SKIP_TYPECHECK: bool,
  SENTRY_SCRUB: bool,
  SENTRY_SCRUB_PATTERNS: patterns,
  SENTRY_UPLOAD_FAIL_BUILD: bool,
  CI: z.string().optional(),
  LLM_BASE_URL: url,
  SENTRY_OPS_ENVIRONMENTS: opsEnvironments,
  SENTRY_OPS_SLACK_INTEGRATION_ID: integrationId,
  SENTRY_OPS_SLACK_CHANNEL_WARNING: slackChannel,
  SENTRY_OPS_SLACK_CHANNEL_CRITICAL: slackChannel,
  SENTRY_OPS_JIRA_INTEGRATION_ID: integrationId,
  SENTRY_OPS_JIRA_PROJECT: integrationId,
  SENTRY_OPS_JIRA_ISSUE_TYPE: integrationId,
  SENTRY_OPS_UPTIME_URL_STAGING: url,
  SENTRY_OPS_UPTIME_URL_PRODUCTION: url,
  SENTRY_LOG_LEVEL_BACKEND: logLevel,
  SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND: sampleRate,
  SENTRY_REPLAYS_SESSION_SAMPLE_RATE_FRONTEND: sampleRate,
};

export const sharedSchema = {
  SENTRY_ENV: sentryEnv.optional(),
  NODE_ENV: z.enum(["development", "test", "production"]).optional(),
};

/** Values computed by next.config.mjs at build time and inlined into every bundle. */
export const clientSchema = {
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
};

/**
 * One line per bad variable: its name, what it allows, and what it got.
 * @param {ReadonlyArray<{ path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>, message: string }>} issues
 */
export function formatEnvIssues(issues) {
  const lines = issues.map((issue) => {
    const first = issue.path?.[0];
    const name =
      typeof first === "object" && first !== null ? String(first.key) : String(first ?? "(env)");
    return `  ${name}: ${issue.message}`;
  });
  return `Invalid environment configuration:\n${lines.join("\n")}\nFix the variables above (see .env.example).`;
}

export class EnvValidationError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "EnvValidationError";
  }
}

/**
 * Builds the validated env from an explicit runtime object. Tests call this with
 * fake values; lib/config/env.mjs calls it with process.env spelled out for Next's inliner.
 * @param {Record<string, string | undefined>} runtimeEnv
 */
export function buildEnv(runtimeEnv) {
  const env = createEnv({
    server: serverSchema,
    shared: sharedSchema,
    client: clientSchema,
    runtimeEnv,
    emptyStringAsUndefined: true,
    onValidationError: (issues) => {
      throw new EnvValidationError(formatEnvIssues(issues));
    },
    onInvalidAccess: (variable) => {
      throw new Error(`${variable} is a server-only variable and cannot be read in the browser`);
    },
  });
  refuseUnsafeProductionSettings(runtimeEnv);
  return env;
}

/**
 * Settings that exist for tests only and would leak secrets from a deployment.
 * Read from the raw values: on the client the server-only ones cannot be read (nor are they set).
 * @param {Record<string, string | undefined>} runtimeEnv
 */
function refuseUnsafeProductionSettings(runtimeEnv) {
  if (runtimeEnv.SENTRY_SCRUB?.trim() !== "false") return;
  if (
    resolveSentryEnv({
      SENTRY_ENV: runtimeEnv.SENTRY_ENV || undefined,
      NODE_ENV: runtimeEnv.NODE_ENV,
    }) !== "production"
  )
    return;
  throw new EnvValidationError(
    formatEnvIssues([
      {
        path: ["SENTRY_SCRUB"],
        message:
          "false is refused in production (it sends API keys, tokens and emails to Sentry unscrubbed); it exists for tests only, so unset it or use SENTRY_ENV=development|staging",
      },
    ]),
  );
}

/** @typedef {ReturnType<typeof buildEnv>} AppEnv */

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
