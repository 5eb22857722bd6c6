import type { Offer, Outcome, RoomEventData } from "@/lib/domain/stream-events";
import type { BuyerDecision } from "./prompts";
import { latestOffers, withinBudget } from "./offers";
import type { RoomState } from "./room-state";

export type CheckedDecision = Extract<RoomEventData, { type: "decision" }> & { offer?: Offer };

/** The buyer may accept only a seller's current, valid offer that fits budget and quantity. */
export function checkDecision(decision: BuyerDecision, state: RoomState): CheckedDecision {
  const round = state.round;
  if (decision.action !== "accept")
    return {
      type: "decision",
      round,
      action: decision.action,
      reason: decision.reason,
      forced: false,
    };
  const offer = latestOffers(state.offers).find((o) => o.id === decision.offerId);
  if (!offer || !withinBudget(offer, state.setup.item)) {
    const why = offer ? "does not fit the budget or quantity" : "is not a current offer";
    return {
      type: "decision",
      round,
      action: "continue",
      reason: `Acceptance of ${decision.offerId ?? "(no offer)"} refused: it ${why}.`,
      forced: false,
    };
  }
  return {
    type: "decision",
    round,
    action: "accept",
    offerId: offer.id,
    reason: decision.reason,
    forced: false,
    offer,
  };
}

export function dealOutcome(offer: Offer, rounds: number, forced: boolean): Outcome {
  return {
    kind: "deal",
    seller: offer.seller,
    offerId: offer.id,
    price: offer.price,
    quantity: offer.quantity,
    total: offer.total,
    rounds,
    forced,
  };
}

export function noDeal(reason: string, rounds: number, forced: boolean): Outcome {
  return { kind: "no_deal", reason, rounds, forced };
}
