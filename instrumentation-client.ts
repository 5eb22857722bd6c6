// Turbopack does not load sentry.client.config.ts by itself; this file is the browser entry.
import * as Sentry from "@sentry/nextjs";
import "./sentry.client.config";

export const onRouterTransitionStart = Sentry.captureRouterTransitionStart;
