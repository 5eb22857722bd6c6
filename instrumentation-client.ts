// Turbopack does not load sentry.client.config.ts by itself; this file is the browser entry.
import "./sentry.client.config";

export { onRouterTransitionStart } from "./lib/sentry/browser/lazy-tracing";
