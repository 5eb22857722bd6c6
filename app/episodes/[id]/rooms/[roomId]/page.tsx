import { connection } from "next/server";
import { RoomScreen } from "@/components/room/room-screen";
import { loadRoom } from "@/lib/server/queries";
import { testRoutesEnabled } from "@/lib/test-routes";

export const metadata = { title: "Negotiation room" };

export default async function RoomPage({ params, searchParams }: { params: Promise<{ id: string; roomId: string }>; searchParams: Promise<{ debug?: string }> }) {
  await connection();
  const [{ id, roomId }, { debug }] = await Promise.all([params, searchParams]);
  const { room, events, episode } = await loadRoom(id, roomId);
  return <RoomScreen key={room.id} room={room} events={events} episode={episode} debugThrow={debug === "throw" && testRoutesEnabled()} />;
}
