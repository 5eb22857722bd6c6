// Every environment variable MAMS reads, validated once by one createEnv. Each concern declares its
// variables in its own env-*.mjs module; this one composes them, so one error lists every bad variable.
// Plain ESM so next.config.mjs can import it at build time; typed through JSDoc + zod.
import { createEnv } from "@t3-oss/env-nextjs";
import { buildSchema } from "./env-build.mjs";
import { databaseSchema } from "./env-database.mjs";
import { modelsSchema } from "./env-models.mjs";
import { scaleOutSchema } from "./env-scale-out.mjs";
import { securitySchema } from "./env-security.mjs";
import { sentryApiSchema } from "./env-sentry-api.mjs";
import { resolveSentryEnv, sentrySchema } from "./env-sentry.mjs";

export { parseScrubPatterns, resolveSentryEnv, resolveTracesSampleRate } from "./env-sentry.mjs";

export const serverSchema = {
  ...securitySchema.server,
  ...sentrySchema.server,
  ...sentryApiSchema.server,
  ...databaseSchema.server,
  ...scaleOutSchema.server,
  ...modelsSchema.server,
  ...buildSchema.server,
};

export const sharedSchema = {
  ...sentrySchema.shared,
  ...buildSchema.shared,
};

/** Values computed by next.config.mjs at build time and inlined into every bundle. */
export const clientSchema = {
  ...sentrySchema.client,
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
