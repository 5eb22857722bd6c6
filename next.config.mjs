import { withSentryConfig } from "@sentry/nextjs/config";
import { env } from "./lib/config/env.mjs";
import { resolveSentryEnv, resolveTracesSampleRate } from "./lib/config/env-schema.mjs";
import { resolveRelease } from "./lib/config/release.mjs";
import { securityHeaders } from "./lib/config/security-headers.mjs";
import {
  BROWSER_LOADER_ALIAS,
  BROWSER_TRACING_ALIAS,
  browserTrimRules,
  NOOP_LOADER_ALIAS,
  sentryBuildOptions,
  uploadSkippedNotice,
  WEBPACK_GEN_AI_NOTICE,
  withBrowserTrimWebpack,
} from "./lib/sentry/build/build-options.mjs";

// Importing env validates it: a bad variable fails `next build`, `next dev` and `next start` here.
const release = resolveRelease(env.SENTRY_RELEASE);
const environment = resolveSentryEnv(env);

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The e2e variant builds compile the same code the main build has type-checked (tests/e2e/support/variant-builds.ts).
  typescript: { ignoreBuildErrors: env.MAMS_BUILD_SKIP_TYPECHECK ?? false },
  distDir: env.MAMS_DIST_DIR ?? ".next",
  // Route types reach the type-check through next-env.d.ts, not through tsconfig.json "include" entries,
  // so builds into other distDirs (.next-e2e*, .next-bench*) no longer append entries to tsconfig.json.
  experimental: { strictRouteTypes: true },
  // PGlite finds its WASM through import.meta.url; bundled into the server-component layer
  // that URL is not a file URL Node accepts, so it is loaded by Node itself.
  // rate-limiter-flexible requires every store it supports (Redis, Mongo, Drizzle...): Node loads it as it is.
  serverExternalPackages: ["@electric-sql/pglite", "rate-limiter-flexible", "pg-boss"],
  // Browser SDK without debug logging and with tracing loaded after first paint (docs/performance.md).
  turbopack: {
    rules: browserTrimRules(env),
    resolveAlias: { ...BROWSER_TRACING_ALIAS, ...BROWSER_LOADER_ALIAS },
  },
  webpack: (config, context) => withBrowserTrimWebpack(env, config, context),
  async headers() {
    const development = env.NODE_ENV !== "production";
    return [
      {
        source: "/:path*",
        headers: securityHeaders({ development, spotlight: env.SENTRY_SPOTLIGHT ?? false }),
      },
    ];
  },
  // What the browser may see, resolved once here and inlined into every bundle.
  env: {
    NEXT_PUBLIC_SENTRY_DSN_FRONTEND: env.SENTRY_DSN_FRONTEND ?? "",
    NEXT_PUBLIC_SENTRY_TRACES_SAMPLE_RATE_FRONTEND: String(
      resolveTracesSampleRate(env.SENTRY_TRACES_SAMPLE_RATE_FRONTEND, environment),
    ),
    NEXT_PUBLIC_SENTRY_ENV: environment,
    NEXT_PUBLIC_SENTRY_RELEASE: release,
    NEXT_PUBLIC_SENTRY_SEND_DEFAULT_PII: String(env.SENTRY_SEND_DEFAULT_PII ?? false),
    NEXT_PUBLIC_SENTRY_SPOTLIGHT: String(env.SENTRY_SPOTLIGHT ?? false),
    NEXT_PUBLIC_SENTRY_DEBUG: String(env.SENTRY_DEBUG ?? false),
    NEXT_PUBLIC_SENTRY_SCRUB_PATTERNS: env.SENTRY_SCRUB_PATTERNS ?? "",
    // Session Replay: recorded around errors only by default (lib/sentry/browser/lazy-replay.ts).
    NEXT_PUBLIC_SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND: String(
      env.SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND ?? 1,
    ),
    NEXT_PUBLIC_SENTRY_REPLAYS_SESSION_SAMPLE_RATE_FRONTEND: String(
      env.SENTRY_REPLAYS_SESSION_SAMPLE_RATE_FRONTEND ?? 0,
    ),
    // Sentry inlines the dist dir its server SDK strips from frame paths; a build moved after building
    // (the e2e suite's) names the folder it will be served from. Ours wins over withSentryConfig's.
    ...(env.MAMS_SERVE_DIST_DIR ? { _sentryRewriteFramesDistDir: env.MAMS_SERVE_DIST_DIR } : {}),
  },
};

// We build with telemetry: false; the plugin's CLI would still report its own usage to sentry.io.
process.env.SENTRY_CLI_NO_TELEMETRY ??= "1";

const notice = uploadSkippedNotice(env);
if (notice && process.argv.includes("build")) console.info(notice);
if (
  process.argv.includes("build") &&
  process.argv.includes("--webpack") &&
  !env.MAMS_BUILD_WITHOUT_SENTRY
)
  console.warn(WEBPACK_GEN_AI_NOTICE);

/** Only for the bundle-size benchmark: the same app with the browser SDK swapped for a no-op. */
const withoutSentry = {
  ...nextConfig,
  turbopack: {
    ...nextConfig.turbopack,
    resolveAlias: {
      ...BROWSER_TRACING_ALIAS,
      ...NOOP_LOADER_ALIAS,
      "@sentry/nextjs": { browser: "./lib/sentry/browser/noop-browser.ts" },
    },
  },
};

export default env.MAMS_BUILD_WITHOUT_SENTRY
  ? withoutSentry
  : withSentryConfig(
      nextConfig,
      sentryBuildOptions(env, {
        release,
        environment,
        webpack: process.argv.includes("--webpack"),
      }),
    );
