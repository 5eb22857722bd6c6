import type { ShoppingItem } from "@/lib/domain/schemas";
import type { Offer, Outcome, RoomEventData } from "@/lib/domain/stream-events";
import type { RoomSeller } from "./matching";

/**
 * Per-room economics against the hidden reservation prices, as defined in
 * docs/experiments.md (negotiation metrics). Computed after a room closes for people and
 * reports only: nothing here is ever part of an agent's context (lib/engine/contexts.ts).
 */

export type ConcessionPoint = { round: number; price: number; concession: number | null };

export type SellerEconomics = {
  seller: string;
  cost: number;
  floor: number;
  listPrice: number;
  stock: number;
  feasible: boolean;
  /** (L − p_r) / (L − f) per round with a valid offer; null when list price equals floor. */
  concessions: ConcessionPoint[];
};

export type RuleViolation = "deal_above_buyer_max" | "deal_below_floor" | "deal_without_range";

export type DealEconomics = {
  seller: string;
  price: number;
  quantity: number;
  forced: boolean;
  buyerSurplus: number;
  sellerSurplusOverCost: number;
  sellerSurplusOverFloor: number;
  /** (B − p) / (B − f_min); null when no range exists or B = f_min. */
  buyerShare: number | null;
  /** (p − f_min) · q'; null when no range exists. */
  moneyLeftOnTable: number | null;
  savingsAgainstList: number;
};

export type RoomEconomics = {
  item: string;
  quantity: number;
  buyerMax: number;
  result: "deal" | "no_deal" | "failed" | "open";
  rangeExists: boolean;
  /** The bargaining range per unit, [f_min, B]; null when no seller is feasible. */
  range: { low: number; high: number; bestSeller: string } | null;
  availableSurplus: number;
  deal: DealEconomics | null;
  correctNoDeal: boolean;
  violations: RuleViolation[];
  rounds: number | null;
  sellers: SellerEconomics[];
};

export type RoomTerms = { item: ShoppingItem; sellers: RoomSeller[] };

const cents = (value: number) => Math.round(value * 100) / 100;
const ratio = (value: number) => Math.round(value * 10_000) / 10_000;

export function isFeasible(seller: RoomSeller, item: ShoppingItem): boolean {
  return seller.line.stock >= item.quantity && seller.line.leastPrice <= item.maxPrice;
}

/** The bargaining range: lowest floor among feasible sellers, up to the buyer's maximum. */
export function bargainingRange(terms: RoomTerms): RoomEconomics["range"] {
  const feasible = terms.sellers
    .filter((s) => isFeasible(s, terms.item))
    .sort((a, b) => a.line.leastPrice - b.line.leastPrice);
  const best = feasible[0];
  return best
    ? { low: best.line.leastPrice, high: terms.item.maxPrice, bestSeller: best.name }
    : null;
}

function concessionCurve(seller: RoomSeller, offers: Offer[]): ConcessionPoint[] {
  const { sellingPrice: list, leastPrice: floor } = seller.line;
  return offers
    .filter((o) => o.seller === seller.name)
    .map((o) => ({
      round: o.round,
      price: o.price,
      concession: list > floor ? ratio((list - o.price) / (list - floor)) : null,
    }));
}

/** Economics of a room from its setup (hidden values included) and its stored events. */
export function roomEconomics(terms: RoomTerms, events: readonly RoomEventData[]): RoomEconomics {
  const { item } = terms;
  const B = item.maxPrice;
  const offers = events.flatMap((e) => (e.type === "seller_message" && e.offer ? [e.offer] : []));
  const outcome = [...events]
    .reverse()
    .find(
      (e): e is Extract<RoomEventData, { type: "room_completed" }> => e.type === "room_completed",
    )?.outcome;
  const failed = !outcome && events.at(-1)?.type === "room_failed";
  const range = bargainingRange(terms);
  const availableSurplus = range ? cents((B - range.low) * item.quantity) : 0;

  let deal: DealEconomics | null = null;
  const violations: RuleViolation[] = [];
  if (outcome?.kind === "deal") {
    const seller = terms.sellers.find((s) => s.name === outcome.seller);
    const { price: p, quantity: q } = outcome;
    const cost = seller?.line.costPrice ?? p;
    const floor = seller?.line.leastPrice ?? p;
    if (p > B) violations.push("deal_above_buyer_max");
    if (!seller || p < floor) violations.push("deal_below_floor");
    if (!range) violations.push("deal_without_range");
    deal = {
      seller: outcome.seller,
      price: p,
      quantity: q,
      forced: outcome.forced,
      buyerSurplus: cents((B - p) * q),
      sellerSurplusOverCost: cents((p - cost) * q),
      sellerSurplusOverFloor: cents((p - floor) * q),
      buyerShare: range && B > range.low ? ratio((B - p) / (B - range.low)) : null,
      moneyLeftOnTable: range ? cents((p - range.low) * q) : null,
      savingsAgainstList: cents(((seller?.line.sellingPrice ?? p) - p) * q),
    };
  }

  return {
    item: item.name,
    quantity: item.quantity,
    buyerMax: B,
    result: outcome ? outcome.kind : failed ? "failed" : "open",
    rangeExists: range !== null,
    range,
    availableSurplus,
    deal,
    correctNoDeal: !range && outcome?.kind === "no_deal",
    violations,
    rounds: outcome ? outcome.rounds : null,
    sellers: terms.sellers.map((s) => ({
      seller: s.name,
      cost: s.line.costPrice,
      floor: s.line.leastPrice,
      listPrice: s.line.sellingPrice,
      stock: s.line.stock,
      feasible: isFeasible(s, item),
      concessions: concessionCurve(s, offers),
    })),
  };
}

/** Closed = an outcome or a provider fault: only then are the hidden values revealed. */
export function isClosed(events: readonly RoomEventData[]): boolean {
  return events.some((e) => e.type === "room_completed") || events.at(-1)?.type === "room_failed";
}

export function closedRoomEconomics(
  terms: RoomTerms,
  events: readonly RoomEventData[],
): RoomEconomics | undefined {
  return isClosed(events) ? roomEconomics(terms, events) : undefined;
}

/** The same figures from stored records (offers, outcome row, room status) rather than the full history. */
export function economicsFromRecords(
  terms: RoomTerms,
  offers: readonly Offer[],
  outcome: Outcome | undefined,
  failed: boolean,
): RoomEconomics | undefined {
  const events: RoomEventData[] = offers.map((offer) => ({
    type: "seller_message",
    round: offer.round,
    seller: offer.seller,
    text: "",
    offer,
  }));
  if (outcome) events.push({ type: "room_completed", outcome });
  else if (failed) events.push({ type: "room_failed", error: { code: "", message: "" } });
  return closedRoomEconomics(terms, events);
}
