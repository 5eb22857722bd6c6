import "server-only";
import * as Sentry from "@sentry/nextjs";
import type { Span } from "@sentry/nextjs";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { captureAppError } from "@/lib/sentry/server/capture";
import { spanStatusFor, startSpanWithStatus } from "@/lib/sentry/server/span-status";

/** `experimentId` and `arm` are set when the room is one run of an experiment. */
export type RunIds = {
  roomId: string;
  episodeId: string;
  provider: string;
  model: string;
  experimentId?: string;
  arm?: string;
};
export type TraceHeaders = { "sentry-trace"?: string; baggage?: string };

export type RunObservability = {
  round<T>(round: number, fn: () => Promise<T>): Promise<T>;
  step(message: string, data: Record<string, unknown>): void;
  capture(error: unknown): AppError;
};

/**
 * A run is a background job: it gets its own isolation scope (tags and breadcrumbs of
 * this room only) and a `negotiation.run` span that continues the trace of the request
 * that started it, so a run started from the browser sits in the browser's trace.
 */
export function observeRun<T>(
  ids: RunIds,
  trace: TraceHeaders | undefined,
  fn: (obs: RunObservability) => Promise<T>,
): Promise<T> {
  return Sentry.withIsolationScope((scope) => {
    const experiment = ids.experimentId
      ? { experiment_id: ids.experimentId, arm: ids.arm ?? "" }
      : {};
    const tags = {
      negotiation_id: ids.roomId,
      session_id: ids.episodeId,
      provider: ids.provider,
      model: ids.model,
      ...experiment,
    };
    scope.setTags(tags);
    // Isolation-scope attributes reach every span of the run (agent turns, gen_ai, db), not only the errors.
    if (ids.experimentId) scope.setAttributes(experiment);
    let runSpan: Span | undefined;
    const obs: RunObservability = {
      round: (round, fn) =>
        startSpanWithStatus(
          {
            op: "negotiation.round",
            name: `round ${round}`,
            attributes: { "mams.round": round, negotiation_id: ids.roomId, ...experiment },
          },
          fn,
        ),
      step: (message, data) =>
        Sentry.addBreadcrumb({
          category: "negotiation",
          level: "info",
          message,
          data: { negotiation_id: ids.roomId, session_id: ids.episodeId, ...data },
        }),
      capture: (error) => {
        const appError = isAppError(error)
          ? error
          : new AppError("INTERNAL_ERROR", "The negotiation run failed unexpectedly", {
              cause: error,
            });
        if (isAppError(error))
          captureAppError(appError, {
            provider: ids.provider,
            route: "negotiation.run",
            ...(ids.experimentId && { experiment: { id: ids.experimentId, arm: ids.arm ?? "" } }),
          });
        else
          Sentry.captureException(error, {
            tags: { "error.code": "INTERNAL_ERROR" },
            ...(ids.experimentId && {
              fingerprint: ["{{ default }}", ids.experimentId, ids.arm ?? ""],
            }),
          });
        // The run's error is caught (the room is marked failed), so the span would otherwise end "ok".
        runSpan?.setStatus(spanStatusFor(appError.code));
        runSpan?.setAttribute("mams.error.code", appError.code);
        return appError;
      },
    };
    const body = () =>
      Sentry.startSpan(
        {
          op: "negotiation.run",
          name: "negotiation.run",
          forceTransaction: true,
          attributes: {
            negotiation_id: ids.roomId,
            session_id: ids.episodeId,
            "gen_ai.request.model": ids.model,
            "mams.provider": ids.provider,
            ...experiment,
          },
        },
        (span) => {
          runSpan = span;
          return fn(obs);
        },
      );
    return trace?.["sentry-trace"]
      ? Sentry.continueTrace({ sentryTrace: trace["sentry-trace"], baggage: trace.baggage }, body)
      : body();
  });
}
