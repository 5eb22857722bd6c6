import * as Sentry from "@sentry/nextjs";
import type { Breadcrumb } from "@sentry/core";
import { env } from "@/lib/config/env.mjs";
import { clientOptions, frontendConfig } from "./client-options";
import { initOnce } from "../shared/init-once";
import { loadReplayAfterFirstPaint } from "./lazy-replay";
import { startTracing } from "./lazy-tracing";
import { replayOptions, replayRates } from "./replay-options";
import { SDK_READY_ATTRIBUTE, type Queued, type SentryHandle } from "./loader";
import { withRequestBreadcrumbs } from "./request-breadcrumbs";

/**
 * The full browser SDK with every browser init option, fetched by ./loader.ts at
 * idle time or on the first error. Tracing starts before the queue is replayed, so an early error joins
 * the pageload's trace (whose span still starts at the navigation's timeOrigin).
 */
export function startSentry(queued: Queued[], win: Window = window): SentryHandle | undefined {
  const replay = replayRates(env);
  const started = initOnce("browser", Sentry.init, {
    ...clientOptions(frontendConfig(env), win.location.origin),
    ...replayOptions(replay),
  });
  if (!started) return undefined;
  const onRouterTransitionStart = startTracing(win);
  replayQueue(withRequestBreadcrumbs(queued, win.performance));
  loadReplayAfterFirstPaint(replay, win);
  win.document.documentElement.setAttribute(SDK_READY_ATTRIBUTE, "ready");
  return {
    captureException: Sentry.captureException,
    addBreadcrumb: Sentry.addBreadcrumb,
    captureFeedback: Sentry.captureFeedback,
    onRouterTransitionStart,
  };
}

/** In recorded order, so each error carries exactly the breadcrumbs that came before it. */
export function replayQueue(queued: Queued[]): void {
  for (const item of queued) {
    if ("breadcrumb" in item) {
      Sentry.addBreadcrumb(item.breadcrumb as Breadcrumb);
      continue;
    }
    Sentry.withScope((scope) => {
      scope.setTag("loader", "queued");
      // The event's own time is when it happened, not when the SDK caught up with it.
      scope.addEventProcessor((event) => ({ ...event, timestamp: item.timestamp }));
      Sentry.captureException(item.error, item.hint);
    });
  }
}
