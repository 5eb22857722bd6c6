"use client";

import { ErrorPanel } from "@/components/error-panel";

export default function PricesError({
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
      context={{ boundary: "prices" }}
      title="The price table could not be shown"
    />
  );
}
