// The lazily loaded half of the browser SDK (see lazy-tracing.ts): @sentry/nextjs's own tracing
// integration, the App Router hook it drives and its route provider, imported by file (aliases in
// lib/sentry/build/build-options.mjs) because none of them is a public export path.
export { browserTracingIntegration } from "@mams/sentry-nextjs-browser-tracing";
export { captureRouterTransitionStart } from "@mams/sentry-nextjs-app-router";
export { createNextRouteProvider } from "@mams/sentry-nextjs-route-provider";
