"use client";

import { ErrorPanel } from "@/components/error-panel";

export default function ExperimentsError({
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
      context={{ boundary: "experiments" }}
      title="The experiments could not be shown"
    />
  );
}
