import * as Sentry from "@sentry/nextjs";
import { takeServerRenderFailure } from "./server-render-failure";

export type BoundaryError = Error & { digest?: string; code?: string };
export type BoundaryContext = { boundary: string; sessionId?: string; negotiationId?: string };

/**
 * Errors with a digest were thrown on the server and already reported there through
 * onRequestError; reporting them again would make every issue twice. So were client components whose
 * server render failed and that throw again in the browser (server-render-failure.ts). Domain errors are
 * grouped by code, so one failing provider makes one issue, not thousands.
 */
export function reportBoundaryError(error: BoundaryError, context: BoundaryContext): string | undefined {
  if (error.digest || takeServerRenderFailure()) return undefined;
  return Sentry.withScope((scope) => {
    scope.setTag("boundary", context.boundary);
    if (context.sessionId) scope.setTag("session_id", context.sessionId);
    if (context.negotiationId) scope.setTag("negotiation_id", context.negotiationId);
    if (error.code) {
      scope.setTag("error.code", error.code);
      scope.setFingerprint(["boundary", context.boundary, error.code]);
    }
    return Sentry.captureException(error, { mechanism: { type: "auto.function.react.error_boundary", handled: false } });
  });
}
