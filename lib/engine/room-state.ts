import type { BuyerStrategy, ShoppingItem } from "@/lib/domain/schemas";
import type { Offer, Outcome, RoomEvent } from "@/lib/domain/stream-events";
import type { RoomSeller } from "./matching";

export type RoomSetup = {
  roomId: string;
  episodeId: string;
  buyerName: string;
  /** How the buyer haggles; unset is balanced. */
  buyerStrategy?: BuyerStrategy;
  item: ShoppingItem;
  sellers: RoomSeller[];
  maxRounds: number;
  /** Consecutive passed turns (unusable answers) before the room fails; DEFAULT_MAX_BAD_TURNS when unset. */
  maxBadTurns?: number;
  provider: string;
  model: string;
  /** The most recent transcript lines an agent is shown; all when undefined. */
  transcriptWindow?: number;
};

export type RoomState = {
  setup: RoomSetup;
  round: number;
  events: RoomEvent[];
  offers: Offer[];
  outcome?: Outcome;
  failure?: { code: string; message: string };
};

export function initialState(setup: RoomSetup): RoomState {
  return { setup, round: 0, events: [], offers: [] };
}

/** Pure reducer: the state of a room is the fold of its stored events, so a run resumes from storage. */
export function applyEvent(state: RoomState, event: RoomEvent): RoomState {
  const next: RoomState = { ...state, events: [...state.events, event] };
  switch (event.type) {
    case "round_started":
      next.round = event.round;
      next.failure = undefined;
      break;
    case "seller_message":
      if (event.offer) next.offers = [...state.offers, event.offer];
      break;
    case "room_completed":
      next.outcome = event.outcome;
      break;
    case "room_failed":
      next.failure = event.error;
      break;
  }
  return next;
}

export function foldEvents(setup: RoomSetup, events: readonly RoomEvent[]): RoomState {
  return events.reduce(applyEvent, initialState(setup));
}

/** Passed turns since the last usable one: an agent that answers resets the streak. */
export function consecutivePasses(events: readonly RoomEvent[]): number {
  let passes = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === "turn_passed") passes++;
    else if (
      event.type === "buyer_message" ||
      event.type === "seller_message" ||
      event.type === "offer_rejected" ||
      (event.type === "decision" && !event.forced)
    )
      break;
  }
  return passes;
}
