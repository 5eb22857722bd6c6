import "server-only";
import { dedupeIntegration, type Event, type EventHint, type Integration } from "@sentry/core";

type Processor = {
  processEvent: (
    event: Event,
    hint: EventHint,
    client: never,
  ) => Event | null | PromiseLike<Event | null>;
};

/**
 * The SDK's Dedupe drops an error identical to the previous one (message, fingerprint, stack). On the
 * server that previous error is often another room's: ten rooms failing on one provider outage
 * reached Sentry as one event, so frequency alerts undercounted. Here each room (negotiation_id)
 * keeps its own "previous event"; a double capture of one failure in one room is still dropped.
 */
export function roomDedupeIntegration(maxRooms = 500): Integration {
  const perRoom = new Map<string, Processor>();
  const forRoom = (key: string): Processor => {
    let inner = perRoom.get(key);
    if (inner) {
      perRoom.delete(key);
    } else {
      inner = dedupeIntegration() as unknown as Processor;
      if (perRoom.size >= maxRooms) perRoom.delete(perRoom.keys().next().value as string);
    }
    perRoom.set(key, inner);
    return inner;
  };
  return {
    name: "Dedupe",
    processEvent(event, hint, client) {
      const room = event.tags?.negotiation_id;
      return forRoom(typeof room === "string" ? room : "").processEvent(
        event,
        hint,
        client as never,
      );
    },
  };
}
