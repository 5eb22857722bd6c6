import type { BrowserOptions } from "@sentry/nextjs";
import {
  parseScrubPatterns,
  resolveSentryEnv,
  resolveTracesSampleRate,
} from "@/lib/config/env-schema.mjs";
import type { AppEnv } from "@/lib/config/env-schema.mjs";
import { commonOptions, TUNNEL_PATH, type RuntimeSentryConfig } from "../shared/common-options";

/** The browser reports to the frontend project, with values inlined at build time. */
export function frontendConfig(env: AppEnv): RuntimeSentryConfig {
  const environment = resolveSentryEnv({
    SENTRY_ENV: env.NEXT_PUBLIC_SENTRY_ENV,
    NODE_ENV: env.NODE_ENV,
  });
  return {
    dsn: env.NEXT_PUBLIC_SENTRY_DSN_FRONTEND,
    environment,
    release: env.NEXT_PUBLIC_SENTRY_RELEASE,
    tracesSampleRate: resolveTracesSampleRate(
      env.NEXT_PUBLIC_SENTRY_TRACES_SAMPLE_RATE_FRONTEND,
      environment,
    ),
    sendDefaultPii: env.NEXT_PUBLIC_SENTRY_SEND_DEFAULT_PII ?? false,
    spotlight: env.NEXT_PUBLIC_SENTRY_SPOTLIGHT ?? false,
    debug: env.NEXT_PUBLIC_SENTRY_DEBUG ?? false,
    scrub: {
      enabled: true,
      extraPatterns: parseScrubPatterns(env.NEXT_PUBLIC_SENTRY_SCRUB_PATTERNS),
    },
  };
}

/**
 * Errors whose stack ends in a browser extension's script are the extension's, not ours
 * (content scripts run inside our pages). Safari reports extension frames as webkit-masked-url.
 */
export const BROWSER_DENY_URLS: RegExp[] = [
  /^(?:chrome|moz|safari(?:-web)?|ms-browser)-extension:\/\//i,
  /^webkit-masked-url:\/\//i,
];

/**
 * Known browser and webview noise the SDK's own defaults (Script error., the newer ResizeObserver
 * message, ...) do not already drop. Each is thrown by the browser or an injected script, never by MAMS.
 */
export const BROWSER_IGNORE_ERRORS: Array<string | RegExp> = [
  /^ResizeObserver loop limit exceeded$/, // Chrome's older wording of a harmless layout notice
  "Extension context invalidated", // an extension updated while its content script was still running
  /^Can't find variable: (?:ZiteReader|__gCrWeb|__firefox__)$/, // iOS webviews and reader modes
  "instantSearchSDKJSBridgeClearHighlight", // Bing app / Edge on iOS
  "top.GLOBALS", // old toolbars
];

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
    denyUrls: BROWSER_DENY_URLS,
    ignoreErrors: BROWSER_IGNORE_ERRORS,
  };
}
