import type {
  Breadcrumb,
  EventHint,
  ExclusiveEventHintOrCaptureContext,
  SendFeedbackParams,
} from "@sentry/core";

// The first-load half of the browser SDK: Sentry's Loader Script pattern, done in our own bundle.
// From navigation start it records errors, unhandled rejections, console warnings and errors, clicks and
// navigations; the full SDK (./sdk.ts) is fetched at idle time, or at once on the first error, and
// replays what was recorded with the original Error objects, mechanisms and timestamps. Nothing here
// may import @sentry/* at runtime: a module shared with the lazy chunk lands in the first load with all
// its dependencies. The "without Sentry" bundle benchmark swaps this file for ./noop-loader.ts.

/** What the full SDK exposes once it has loaded (./sdk.ts). */
export type SentryHandle = {
  captureException(error: unknown, hint?: ExclusiveEventHintOrCaptureContext): string;
  addBreadcrumb(breadcrumb: Breadcrumb): void;
  captureFeedback(
    params: SendFeedbackParams,
    hint?: EventHint & { includeReplay?: boolean },
  ): string;
  onRouterTransitionStart(href: string, navigationType: string): void;
};

export type Queued =
  | { breadcrumb: Breadcrumb }
  | { error: unknown; hint?: ExclusiveEventHintOrCaptureContext; timestamp: number };

/** On <html>: "on" when the server rendered the page with browser reporting enabled (DSN or Spotlight). */
export const SENTRY_ENABLED_ATTRIBUTE = "data-sentry";
/** On <html>: "ready" once the full SDK runs, "failed" when its chunk could not be loaded. */
export const SDK_READY_ATTRIBUTE = "data-sentry-sdk";

const MAX_BREADCRUMBS = 100;
const MAX_ERRORS = 30;
const STARTED = Symbol.for("mams.sentry.loader");

const queue: Queued[] = [];
let errorCount = 0;
let enabled = false;
let sdk: SentryHandle | undefined;
let loading: Promise<SentryHandle | undefined> | undefined;

const seconds = () => Date.now() / 1000;

function record(breadcrumb: Breadcrumb): void {
  if (sdk || !enabled) return;
  queue.push({ breadcrumb: { timestamp: seconds(), ...breadcrumb } });
  // The oldest breadcrumb goes first, as in the SDK's own buffer; errors stay.
  if (queue.length > MAX_BREADCRUMBS + errorCount)
    queue.splice(
      queue.findIndex((item) => "breadcrumb" in item),
      1,
    );
}

function enqueueError(error: unknown, hint?: ExclusiveEventHintOrCaptureContext): void {
  if (!enabled || errorCount >= MAX_ERRORS) return;
  errorCount += 1;
  queue.push({ error, hint, timestamp: seconds() });
  void loadSentry();
}

/** Fetches and starts the full SDK once; resolves to undefined when reporting is off or the chunk failed. */
export function loadSentry(): Promise<SentryHandle | undefined> {
  if (!enabled) return Promise.resolve(undefined);
  loading ??= import("./sdk")
    .then(({ startSentry }) => {
      sdk = startSentry(queue.splice(0));
      return sdk;
    })
    .catch(() => {
      // Offline or a deploy in between: what was queued is lost, the page is not.
      document.documentElement.setAttribute(SDK_READY_ATTRIBUTE, "failed");
      return undefined;
    });
  return loading;
}

export function captureException(error: unknown, hint?: ExclusiveEventHintOrCaptureContext): void {
  if (sdk) sdk.captureException(error, hint);
  else enqueueError(error, hint);
}

export function addBreadcrumb(breadcrumb: Breadcrumb): void {
  if (sdk) sdk.addBreadcrumb(breadcrumb);
  else record(breadcrumb);
}

/** instrumentation-client's hook: a navigation span once the SDK is in, a breadcrumb (from history) before. */
export function onRouterTransitionStart(href: string, navigationType: string): void {
  sdk?.onRouterTransitionStart(href, navigationType);
}

const MECHANISM = "auto.browser.global_handlers.";

function describe(target: EventTarget | null): string {
  const parts: string[] = [];
  for (
    let node = target instanceof Element ? target : null;
    node && parts.length < 5 && node !== document.body;
    node = node.parentElement
  ) {
    const testId = node.getAttribute("data-testid");
    parts.unshift(
      node.tagName.toLowerCase() +
        (node.id ? `#${node.id}` : "") +
        (testId ? `[data-testid="${testId}"]` : ""),
    );
  }
  return parts.join(" > ") || "<unknown>";
}

function patchConsole(): void {
  for (const level of ["warn", "error"] as const) {
    const original = console[level];
    console[level] = function (...args: unknown[]) {
      record({
        category: "console",
        level: level === "warn" ? "warning" : "error",
        message: args.map(String).join(" "),
        data: { logger: "console" },
      });
      return original.apply(this, args);
    };
  }
}

function patchHistory(): void {
  let from = location.pathname + location.search;
  const navigated = () => {
    const to = location.pathname + location.search;
    if (to !== from) record({ category: "navigation", data: { from, to } });
    from = to;
  };
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      navigated();
      return result;
    };
  }
  addEventListener("popstate", navigated);
}

/**
 * instrumentation-client calls this first thing. Reporting is on only when the server said so on <html>
 * (no DSN and no Spotlight: nothing is recorded and the SDK is never fetched).
 */
export function startSentryLoader(win: Window & typeof globalThis = window): void {
  const registry = win as unknown as Record<symbol, boolean | undefined>;
  if (
    registry[STARTED] ||
    win.document.documentElement.getAttribute(SENTRY_ENABLED_ATTRIBUTE) !== "on"
  )
    return;
  registry[STARTED] = enabled = true;
  // Once the SDK is in, its own handlers report; these stay attached and step aside.
  win.addEventListener("error", (event) => {
    if (!sdk)
      enqueueError(event.error ?? event.message, {
        mechanism: { type: `${MECHANISM}onerror`, handled: false },
      });
  });
  win.addEventListener("unhandledrejection", (event) => {
    if (!sdk)
      enqueueError(event.reason, {
        mechanism: { type: `${MECHANISM}onunhandledrejection`, handled: false },
      });
  });
  win.document.addEventListener(
    "click",
    (event) => record({ category: "ui.click", message: describe(event.target) }),
    { capture: true, passive: true },
  );
  patchConsole();
  patchHistory();
  const atIdle = () =>
    win.requestIdleCallback
      ? win.requestIdleCallback(() => void loadSentry(), { timeout: 3000 })
      : win.setTimeout(() => void loadSentry(), 200);
  if (win.document.readyState === "complete") atIdle();
  else win.addEventListener("load", atIdle, { once: true });
}
