"use client";

import { ErrorPanel } from "@/components/error-panel";

export default function ExperimentError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <ErrorPanel
      error={error}
      reset={reset}
      context={{ boundary: "experiment" }}
      title="This experiment could not be shown"
    />
  );
}
