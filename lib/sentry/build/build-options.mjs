// Build-time Sentry options for withSentryConfig: release, upload and what a failed upload does.
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * @param {import("../../config/env-schema.mjs").AppEnv} env
 * @param {{ release: string, environment: string, webpack?: boolean }} resolved
 * @returns {import("@sentry/nextjs/config").SentryBuildOptions}
 */
export function sentryBuildOptions(env, resolved) {
  const inCi = Boolean(env.CI && env.CI !== "false" && env.CI !== "0");
  const failBuild = env.SENTRY_UPLOAD_FAIL_BUILD ?? inCi;
  const projects = [env.SENTRY_PROJECT_FRONTEND, env.SENTRY_PROJECT_BACKEND].filter(
    (p) => typeof p === "string",
  );
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
      if (failBuild)
        throw new Error(
          `${message}\nThe build stops because CI=true (set SENTRY_UPLOAD_FAIL_BUILD=false to only warn).`,
        );
      console.warn(
        `${message}\nContinuing: traces from this build will stay minified (set SENTRY_UPLOAD_FAIL_BUILD=true to fail instead).`,
      );
    },
  };
}

export { WEBPACK_GEN_AI_NOTICE } from "./webpack-notice.mjs";

/** @param {import("../../config/env-schema.mjs").AppEnv} env */
export function uploadSkippedNotice(env) {
  return env.SENTRY_AUTH_TOKEN
    ? undefined
    : "[sentry] SENTRY_AUTH_TOKEN is not set: source map upload skipped (no maps are published either).";
}

/** Where lib/sentry/browser/browser-tracing.ts finds @sentry/nextjs's own tracing modules, which are not public
 * export paths (tsconfig.json maps the same names to their types). */
export const BROWSER_TRACING_ALIAS = {
  "@mams/sentry-nextjs-browser-tracing":
    "./node_modules/@sentry/nextjs/build/esm/client/browserTracingIntegration.js",
  "@mams/sentry-nextjs-app-router":
    "./node_modules/@sentry/nextjs/build/esm/client/routing/appRouterRoutingInstrumentation.js",
  "@mams/sentry-nextjs-route-provider":
    "./node_modules/@sentry/nextjs/build/esm/client/routing/routeProvider.js",
};

/** The browser's first-load Sentry code (lib/sentry/browser/loader.ts) under one name, so the "without
 * Sentry" benchmark build can swap it for a no-op and measure Sentry's whole first-load share. */
export const BROWSER_LOADER_ALIAS = { "@mams/sentry-loader": "./lib/sentry/browser/loader.ts" };
export const NOOP_LOADER_ALIAS = { "@mams/sentry-loader": "./lib/sentry/browser/noop-loader.ts" };

/**
 * Turbopack rule that trims the browser SDK (see browser-trim-loader.cjs): debug logging goes unless
 * SENTRY_DEBUG asks for it, and tracing moves out of the first load into lib/sentry/browser/lazy-tracing.ts.
 * @param {import("../../config/env-schema.mjs").AppEnv} env
 * @returns {Record<string, import("next/dist/server/config-shared").TurbopackRuleConfigItem>}
 */
export function browserTrimRules(env) {
  return {
    "*.js": {
      condition: { all: ["browser", { path: SENTRY_BUILD_FILES }] },
      loaders: [{ loader: TRIM_LOADER, options: trimOptions(env) }],
    },
  };
}

/**
 * The same for `next build --webpack`: the loader on browser bundles, the aliases as absolute paths
 * (webpack would otherwise follow tsconfig's paths to the .d.ts files).
 * @param {import("../../config/env-schema.mjs").AppEnv} env
 * @param {any} config webpack configuration
 * @param {{ isServer: boolean, dir: string }} context
 */
export function withBrowserTrimWebpack(env, config, { isServer, dir }) {
  config.resolve.alias = {
    ...config.resolve.alias,
    ...Object.fromEntries(
      Object.entries({ ...BROWSER_TRACING_ALIAS, ...BROWSER_LOADER_ALIAS }).map(([name, file]) => [
        `${name}$`,
        path.resolve(dir, file),
      ]),
    ),
  };
  if (!isServer)
    config.module.rules.push({
      test: /\.js$/,
      include: SENTRY_BUILD_FILES,
      use: [{ loader: TRIM_LOADER, options: trimOptions(env) }],
    });
  return config;
}

const SENTRY_BUILD_FILES = /(^|[\\/])node_modules[\\/]@sentry[\\/][^\\/]+[\\/]build[\\/]/;
const TRIM_LOADER = fileURLToPath(new URL("./browser-trim-loader.cjs", import.meta.url));

/** @param {import("../../config/env-schema.mjs").AppEnv} env */
function trimOptions(env) {
  return { stripDebug: !env.SENTRY_DEBUG, deferTracing: true };
}
