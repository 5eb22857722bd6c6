"use client";

import { useEffect } from "react";
import {
  reportBoundaryError,
  type BoundaryContext,
  type BoundaryError,
} from "@/lib/sentry/browser/report-boundary-error";

const FRIENDLY: Record<string, string> = {
  LLM_TIMEOUT: "The AI model took too long to answer.",
  LLM_UNAVAILABLE: "The AI model could not be reached.",
  LLM_BAD_RESPONSE: "The AI model answered in a way we could not understand.",
  DATABASE_ERROR: "We could not read or save your data.",
  UPSTREAM_UNAVAILABLE: "The server cannot be reached right now.",
};

export function ErrorPanel({
  error,
  reset,
  title,
  context,
}: {
  error: BoundaryError;
  reset: () => void;
  title: string;
  context: BoundaryContext;
}) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: report once per error object, not per context change
  useEffect(() => {
    reportBoundaryError(error, context);
  }, [error]);

  return (
    <div
      role="alert"
      data-testid="error-boundary"
      data-boundary={context.boundary}
      className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950"
    >
      <h1 className="text-xl font-semibold text-red-800 dark:text-red-200">{title}</h1>
      <p className="text-sm text-red-700 dark:text-red-300">
        {(error.code && FRIENDLY[error.code]) ?? "Something unexpected happened."} The problem has
        been reported. You can try again; if it keeps happening, come back later.
      </p>
      {error.digest && <p className="font-mono text-xs text-red-600">Reference: {error.digest}</p>}
      <button
        type="button"
        onClick={reset}
        data-testid="retry"
        className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800"
      >
        Try again
      </button>
    </div>
  );
}
