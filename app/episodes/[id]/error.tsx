"use client";

import { useParams } from "next/navigation";
import { ErrorPanel } from "@/components/error-panel";

export default function EpisodeError({
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
      context={{ boundary: "episode", episodeId: id }}
      title="This episode could not be shown"
    />
  );
}
