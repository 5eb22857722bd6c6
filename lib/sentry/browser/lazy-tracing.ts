import * as Sentry from "@sentry/nextjs";
import {
  browserTracingIntegration,
  captureRouterTransitionStart,
  createNextRouteProvider,
} from "./browser-tracing";

/** Set on <html> once browser tracing runs; page objects wait for it before steps that must be traced. */
export const TRACING_READY_ATTRIBUTE = "data-sentry-tracing";

/**
 * Browser tracing is about 20 KB of the SDK; it arrives with the rest of the SDK, after first paint
 * (browser/loader.ts; browser-trim-loader.cjs keeps it out of @sentry/nextjs's default integrations). The
 * pageload span still starts at the navigation's timeOrigin and web vitals are read from buffered entries;
 * what is lost is trace headers and spans for requests made before it arrives (typically well under a second).
 * At a traces sample rate of 0 it starts all the same: with no sampler set the SDK records no span but
 * still continues the page's trace and sends trace headers (tracing without performance), so a browser
 * error and the server error of the same action share a trace id in errors-only mode too.
 * Returns instrumentation-client's onRouterTransitionStart.
 */
export function startTracing(win: Window = window): (href: string, navigationType: string) => void {
  // Parameterised span names (/episodes/:id) need the route provider before the pageload span.
  Sentry.setRouteProvider(createNextRouteProvider());
  Sentry.addIntegration(browserTracingIntegration());
  win.document.documentElement.setAttribute(TRACING_READY_ATTRIBUTE, "ready");
  return captureRouterTransitionStart;
}
