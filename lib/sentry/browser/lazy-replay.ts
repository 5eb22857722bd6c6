import * as Sentry from "@sentry/nextjs";

/** Set on <html> once Session Replay runs; tests wait for it before the error they expect a replay of. */
export const REPLAY_READY_ATTRIBUTE = "data-sentry-replay";

export type ReplayRates = { onError: number; session: number };
type IdleWindow = Window & {
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
};

/** Privacy first: no text, no input value and no image or video of the page leaves the browser. */
export const REPLAY_PRIVACY = {
  maskAllText: true,
  maskAllInputs: true,
  blockAllMedia: true,
} as const;

/**
 * Session Replay, fetched after first paint like browser tracing. With the default rates (session 0,
 * on error 1) it records into a memory buffer and sends the last minute only when an error is captured,
 * linked to that error; an error before it has loaded has no replay.
 */
export function loadReplayAfterFirstPaint(rates: ReplayRates, win: IdleWindow = window): void {
  if ((rates.onError <= 0 && rates.session <= 0) || !Sentry.getClient()) return;
  const load = () => {
    import("./browser-replay")
      .then(({ replayIntegration }) => {
        Sentry.addIntegration(replayIntegration(REPLAY_PRIVACY));
        win.document.documentElement.setAttribute(REPLAY_READY_ATTRIBUTE, "ready");
      })
      .catch((error: unknown) => {
        win.document.documentElement.setAttribute(REPLAY_READY_ATTRIBUTE, "failed");
        Sentry.captureException(error, { level: "warning", tags: { area: "sentry.lazy_replay" } });
      });
  };
  const afterPaint = () =>
    win.requestIdleCallback
      ? win.requestIdleCallback(load, { timeout: 2000 })
      : win.setTimeout(load, 200);
  if (win.document.readyState === "complete") afterPaint();
  else win.addEventListener("load", afterPaint, { once: true });
}
