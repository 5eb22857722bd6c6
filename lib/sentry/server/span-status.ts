import "server-only";
import * as Sentry from "@sentry/nextjs";
import type { Span, StartSpanOptions } from "@sentry/core";
import { CancelledError } from "@/lib/ai/errors";
import { isAppError, type ErrorCode } from "@/lib/errors/app-error";

/** Sentry's span status code for an error; the message is one of its status names. */
export const SPAN_STATUS_ERROR = 2;

export function spanStatusFor(code: ErrorCode): {
  code: typeof SPAN_STATUS_ERROR;
  message: string;
} {
  const message =
    code === "LLM_TIMEOUT"
      ? "deadline_exceeded"
      : code === "LLM_UNAVAILABLE" || code === "UPSTREAM_UNAVAILABLE"
        ? "unavailable"
        : "internal_error";
  return { code: SPAN_STATUS_ERROR, message };
}

/**
 * `Sentry.startSpan`, with a failure's status named after its code (a provider timeout is
 * `deadline_exceeded`, not `internal_error`) and a cancellation (the user stopped the run) left ok,
 * marked `mams.cancelled`: stopping a run is not a failure.
 */
export async function startSpanWithStatus<T>(
  options: StartSpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  let failure: { error: unknown } | undefined;
  const value = await Sentry.startSpan(options, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      failure = { error };
      if (error instanceof CancelledError) span.setAttribute("mams.cancelled", true);
      else span.setStatus(spanStatusFor(isAppError(error) ? error.code : "INTERNAL_ERROR"));
      return undefined as T;
    }
  });
  if (failure) throw failure.error;
  return value;
}
