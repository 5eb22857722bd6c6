import * as Sentry from "@sentry/nextjs";

export type BoundaryError = Error & { digest?: string };

/**
 * Errors with a digest were thrown on the server and already reported there
 * through onRequestError; reporting them again would make every issue twice.
 */
export function reportBoundaryError(error: BoundaryError, boundary: string): string | undefined {
  if (error.digest) return undefined;
  return Sentry.withScope((scope) => {
    scope.setTag("boundary", boundary);
    return Sentry.captureException(error, { mechanism: { type: "auto.function.react.error_boundary", handled: false } });
  });
}
