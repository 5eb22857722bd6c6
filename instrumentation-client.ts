// The browser entry (Turbopack loads no sentry.client.config.ts): a few KB that record errors and
// breadcrumbs from navigation start; the full SDK (lib/sentry/browser/sdk.ts) follows at idle time.
import { startSentryLoader } from "@mams/sentry-loader";
import { watchServerRenderFailures } from "./lib/sentry/browser/server-render-failure";

startSentryLoader();
watchServerRenderFailures();

export { onRouterTransitionStart } from "@mams/sentry-loader";
