import * as Sentry from "@sentry/nextjs";

/** Set on <html> once browser tracing runs; page objects wait for it before steps that must be traced. */
export const TRACING_READY_ATTRIBUTE = "data-sentry-tracing";

type IdleWindow = Window & { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number };

let routerTransitionStart: ((href: string, navigationType: string) => void) | undefined;

/** instrumentation-client's onRouterTransitionStart; a no-op until tracing has loaded. */
export function onRouterTransitionStart(href: string, navigationType: string): void {
  routerTransitionStart?.(href, navigationType);
}

/**
 * Browser tracing is about 20 KB of the SDK; it is fetched after first paint instead of with the
 * first load (browser-trim-loader.cjs keeps it out). The pageload span still starts at the
 * navigation's timeOrigin and web vitals are read from buffered entries; what is lost is trace
 * headers and spans for requests made before it arrives (typically well under a second).
 * At a traces sample rate of 0 it loads all the same: with no sampler set the SDK records no span but
 * still continues the page's trace and sends trace headers (tracing without performance), so a browser
 * error and the server error of the same action share a trace id in errors-only mode too.
 */
export function loadTracingAfterFirstPaint(win: IdleWindow = window): void {
  if (!Sentry.getClient()) return;
  const load = () => {
    import("./browser-tracing")
      .then(({ browserTracingIntegration, captureRouterTransitionStart, createNextRouteProvider }) => {
        // Parameterised span names (/episodes/:id) need the route provider before the pageload span.
        Sentry.setRouteProvider(createNextRouteProvider());
        Sentry.addIntegration(browserTracingIntegration());
        routerTransitionStart = captureRouterTransitionStart;
        win.document.documentElement.setAttribute(TRACING_READY_ATTRIBUTE, "ready");
      })
      .catch((error: unknown) => {
        // A chunk that fails to load (offline, a deploy in between) costs traces, never the page.
        win.document.documentElement.setAttribute(TRACING_READY_ATTRIBUTE, "failed");
        Sentry.captureException(error, { level: "warning", tags: { area: "sentry.lazy_tracing" } });
      });
  };
  const afterPaint = () => (win.requestIdleCallback ? win.requestIdleCallback(load, { timeout: 2000 }) : win.setTimeout(load, 200));
  if (win.document.readyState === "complete") afterPaint();
  else win.addEventListener("load", afterPaint, { once: true });
}
