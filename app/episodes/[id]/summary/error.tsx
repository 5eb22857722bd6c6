"use client";

import { useParams } from "next/navigation";
import { ErrorPanel } from "@/components/error-panel";

export default function SummaryError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const { id } = useParams<{ id: string }>();
  return (
    <ErrorPanel
      error={error}
      reset={reset}
      context={{ boundary: "summary", episodeId: id }}
      title="The summary could not be shown"
    />
  );
}
