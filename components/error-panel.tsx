"use client";

import { useEffect } from "react";
import { reportBoundaryError, type BoundaryError } from "@/lib/sentry/report-boundary-error";

export function ErrorPanel({ error, reset, boundary, title }: { error: BoundaryError; reset: () => void; boundary: string; title: string }) {
  useEffect(() => {
    reportBoundaryError(error, boundary);
  }, [error, boundary]);

  return (
    <div role="alert" data-testid="error-boundary" className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950">
      <h1 className="text-xl font-semibold text-red-800 dark:text-red-200">{title}</h1>
      <p className="text-sm text-red-700 dark:text-red-300">
        The problem has been reported. You can try again; if it keeps happening, come back later.
      </p>
      {error.digest && <p className="font-mono text-xs text-red-600">Reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800">
        Try again
      </button>
    </div>
  );
}
