import type { ShoppingItem } from "@/lib/domain/schemas";
import type { Offer, OfferTerms, RejectionReason } from "@/lib/domain/stream-events";
import type { RoomSeller } from "./matching";

const round2 = (value: number) => Math.round(value * 100) / 100;

/** An offer below the seller's floor or above its stock is rejected, never clamped. */
export function validateOffer(terms: OfferTerms, seller: RoomSeller): RejectionReason | undefined {
  if (
    !Number.isFinite(terms.price) ||
    terms.price <= 0 ||
    !Number.isInteger(terms.quantity) ||
    terms.quantity < 1
  )
    return "invalid";
  if (terms.price < seller.line.leastPrice) return "below_floor";
  if (terms.quantity > seller.line.stock) return "above_stock";
  return undefined;
}

export function makeOffer(terms: OfferTerms, seller: string, round: number): Offer {
  const price = round2(terms.price);
  return {
    ...terms,
    price,
    id: `r${round}-${seller}`,
    seller,
    round,
    total: round2(price * terms.quantity),
  };
}

export function withinBudget(offer: Offer, item: ShoppingItem): boolean {
  return offer.price <= item.maxPrice && offer.quantity >= item.quantity;
}

/** The latest valid offer of each seller: an earlier offer is replaced by a later one. */
export function latestOffers(offers: readonly Offer[]): Offer[] {
  const bySeller = new Map<string, Offer>();
  for (const offer of offers) bySeller.set(offer.seller, offer);
  return [...bySeller.values()];
}

/** The cheapest current offer that fits the budget and the quantity. */
export function bestOffer(offers: readonly Offer[], item: ShoppingItem): Offer | undefined {
  return latestOffers(offers)
    .filter((offer) => withinBudget(offer, item))
    .sort((a, b) => a.price - b.price || a.round - b.round)[0];
}
