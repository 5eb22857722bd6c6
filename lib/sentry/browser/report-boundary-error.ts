import { captureException } from "@mams/sentry-loader";
import { takeServerRenderFailure } from "./server-render-failure";

export type BoundaryError = Error & { digest?: string; code?: string };
export type BoundaryContext = { boundary: string; episodeId?: string; roomId?: string };

/**
 * Errors with a digest were thrown on the server and already reported there through
 * onRequestError; reporting them again would make every issue twice. So were client components whose
 * server render failed and that throw again in the browser (server-render-failure.ts). Domain errors are
 * grouped by code, so one failing provider makes one issue, not thousands.
 */
export function reportBoundaryError(error: BoundaryError, context: BoundaryContext): void {
  if (error.digest || takeServerRenderFailure()) return;
  const tags: Record<string, string> = { boundary: context.boundary };
  if (context.episodeId) tags.session_id = context.episodeId;
  if (context.roomId) tags.negotiation_id = context.roomId;
  if (error.code) tags["error.code"] = error.code;
  // Through the first-load loader: an error before the SDK has loaded is queued, not lost.
  captureException(error, {
    mechanism: { type: "auto.function.react.error_boundary", handled: false },
    captureContext: {
      tags,
      ...(error.code && { fingerprint: ["boundary", context.boundary, error.code] }),
    },
  });
}
