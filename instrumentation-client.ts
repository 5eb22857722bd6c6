// The browser entry. Turbopack does not load sentry.client.config.ts by itself, so it is imported here.
import "./sentry.client.config";
import { watchServerRenderFailures } from "./lib/sentry/browser/server-render-failure";

watchServerRenderFailures();

export { onRouterTransitionStart } from "@mams/sentry-loader";
