// Build-time Sentry options for withSentryConfig: release, upload and what a failed upload does.

/**
 * @param {import("../env-schema.mjs").AppEnv} env
 * @param {{ release: string, environment: string, webpack?: boolean }} resolved
 * @returns {import("@sentry/nextjs/config").SentryBuildOptions}
 */
export function sentryBuildOptions(env, resolved) {
  const inCi = Boolean(env.CI && env.CI !== "false" && env.CI !== "0");
  const failBuild = env.SENTRY_UPLOAD_FAIL_BUILD ?? inCi;
  const projects = [env.SENTRY_PROJECT_FRONTEND, env.SENTRY_PROJECT_BACKEND].filter((p) => typeof p === "string");
  return {
    org: env.SENTRY_ORG,
    project: projects.length ? projects : undefined,
    authToken: env.SENTRY_AUTH_TOKEN,
    sentryUrl: env.SENTRY_URL,
    release: {
      name: resolved.release,
      create: true,
      finalize: true,
      // Left unset on purpose: the plugin's default associates commits when the repository is
      // connected in Sentry and carries on when it is not.
      deploy: env.SENTRY_DEPLOY ? { env: resolved.environment } : false,
    },
    sourcemaps: { deleteSourcemapsAfterUpload: true },
    // Upload once after the whole build, as Turbopack does: the webpack plugin's per-compilation
    // upload missed the chunk of Next 16's _global-error page.
    useRunAfterProductionCompileHook: true,
    // @sentry/nextjs 11.5 prepends a 127-character marker to line 1 of webpack server chunks after
    // their maps are made; the output is minified to one line, so every server frame resolved to
    // the wrong place. Build-time instrumentation stays on for Turbopack, the default.
    buildTimeInstrumentation: !resolved.webpack,
    widenClientFileUpload: true,
    // The SDK's own debug logging is dead weight unless SENTRY_DEBUG asks for it (applies to webpack
    // builds; measured no effect on Turbopack's output, see docs/performance.md).
    bundleSizeOptimizations: { excludeDebugStatements: !env.SENTRY_DEBUG },
    telemetry: false,
    silent: !env.SENTRY_DEBUG,
    /** @param {Error} error */
    errorHandler: (error) => {
      const message = `[sentry] Source map upload or release creation failed: ${error.message}`;
      if (failBuild) throw new Error(`${message}\nThe build stops because CI=true (set SENTRY_UPLOAD_FAIL_BUILD=false to only warn).`);
      console.warn(`${message}\nContinuing: traces from this build will stay minified (set SENTRY_UPLOAD_FAIL_BUILD=true to fail instead).`);
    },
  };
}

/** @param {import("../env-schema.mjs").AppEnv} env */
export function uploadSkippedNotice(env) {
  return env.SENTRY_AUTH_TOKEN ? undefined : "[sentry] SENTRY_AUTH_TOKEN is not set: source map upload skipped (no maps are published either).";
}
