"use client";

import { useParams } from "next/navigation";
import { ErrorPanel } from "@/components/error-panel";

export default function RoomError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const { id, roomId } = useParams<{ id: string; roomId: string }>();
  return (
    <ErrorPanel
      error={error}
      reset={reset}
      context={{ boundary: "room", episodeId: id, roomId: roomId }}
      title="This negotiation room could not be shown"
    />
  );
}
