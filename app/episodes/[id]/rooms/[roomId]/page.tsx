import * as Sentry from "@sentry/nextjs";
import { connection } from "next/server";
import { RoomScreen } from "@/components/room/room-screen";
import { loadReadOnly, loadRoom } from "@/lib/server/read-models/queries";
import { testRoutesEnabled } from "@/lib/test-routes";

export const metadata = { title: "Negotiation room" };

export default async function RoomPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; roomId: string }>;
  searchParams: Promise<{ debug?: string }>;
}) {
  await connection();
  const [{ id, roomId }, { debug }] = await Promise.all([params, searchParams]);
  // A render error of this page is reported by the server (onRequestError), not the browser: give it the room's ids.
  Sentry.getIsolationScope().setTags({ negotiation_id: roomId, session_id: id });
  const [{ room, events, episode }, readOnly] = await Promise.all([
    loadRoom(id, roomId),
    loadReadOnly(id),
  ]);
  return (
    <RoomScreen
      key={room.id}
      room={room}
      events={events}
      episode={episode}
      readOnly={readOnly}
      debugThrow={debug === "throw" && testRoutesEnabled()}
    />
  );
}
