import type { RoomEconomics } from "@/lib/engine/economics";

/** The closed rooms of an episode with their economics, in list order. */
export function economicsRows(rooms: ReadonlyArray<{ id: string; position: number; economics?: RoomEconomics }>): Array<RoomEconomics & { roomId: string }> {
  return rooms.flatMap((room) => (room.economics ? [{ roomId: room.id, ...room.economics }] : []));
}
