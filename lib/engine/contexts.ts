import type { BuyerStrategy } from "@/lib/domain/schemas";
import type { Priority, Style } from "./persona";
import type { Offer, RoomEvent } from "@/lib/domain/stream-events";
import { latestOffers, withinBudget } from "./offers";
import type { RoomState } from "./room-state";

export type TranscriptLine = {
  round: number;
  role: "buyer" | "seller" | "user";
  speaker: string;
  text: string;
};

type ItemView = { name: string; quantity: number; minPrice: number; maxPrice: number };

export type BuyerTurnContext = {
  /** Only the buyer's contexts carry it; absent when balanced (the original behaviour). */
  strategy?: Exclude<BuyerStrategy, "balanced">;
  task: "buyer_message";
  agent: "buyer";
  buyerName: string;
  round: number;
  maxRounds: number;
  item: ItemView;
  sellers: string[];
  offers: Offer[];
  transcript: TranscriptLine[];
};

export type SellerTurnContext = {
  task: "seller_reply";
  agent: string;
  round: number;
  maxRounds: number;
  seller: {
    name: string;
    priority: Priority;
    style: Style;
    costPrice: number;
    leastPrice: number;
    sellingPrice: number;
    stock: number;
  };
  item: { name: string; quantity: number };
  ownOffers: Offer[];
  transcript: TranscriptLine[];
};

export type DecisionContext = {
  /** Only the buyer's contexts carry it; absent when balanced (the original behaviour). */
  strategy?: Exclude<BuyerStrategy, "balanced">;
  task: "buyer_decision";
  agent: "buyer";
  buyerName: string;
  round: number;
  maxRounds: number;
  item: ItemView;
  offers: Array<Offer & { withinBudget: boolean }>;
  transcript: TranscriptLine[];
};

export type AgentContext = BuyerTurnContext | SellerTurnContext | DecisionContext;

type Entry = { line: TranscriptLine; event: RoomEvent };

const windowed = <T>(state: RoomState, lines: T[]): T[] =>
  state.setup.transcriptWindow ? lines.slice(-state.setup.transcriptWindow) : lines;

function entries(state: RoomState): Entry[] {
  return state.events.flatMap((event): Entry[] => {
    switch (event.type) {
      case "buyer_message":
        return [
          {
            event,
            line: {
              round: event.round,
              role: "buyer",
              speaker: state.setup.buyerName,
              text: event.text,
            },
          },
        ];
      case "user_message":
        return [
          {
            event,
            line: { round: event.round, role: "user", speaker: "Observer", text: event.text },
          },
        ];
      case "seller_message":
        return [
          {
            event,
            line: { round: event.round, role: "seller", speaker: event.seller, text: event.text },
          },
        ];
      case "offer_rejected":
        return [
          {
            event,
            line: {
              round: event.round,
              role: "seller",
              speaker: event.seller,
              text: `${event.text} [offer rejected: ${event.reason}]`,
            },
          },
        ];
      default:
        return [];
    }
  });
}

/** The buyer sees everything said in the room (never a seller's costs: those are never said). */
function buyerTranscript(state: RoomState): TranscriptLine[] {
  return windowed(
    state,
    entries(state).map((entry) => entry.line),
  );
}

/** A seller sees buyer messages addressed to it or to everyone, the observer's notes, and its own lines. */
function sellerTranscript(state: RoomState, seller: string): TranscriptLine[] {
  const lines = entries(state)
    .filter(({ event }) => {
      if (event.type === "buyer_message")
        return event.mentions.length === 0 || event.mentions.includes(seller);
      if (event.type === "seller_message" || event.type === "offer_rejected")
        return event.seller === seller;
      return event.type === "user_message";
    })
    .map((entry) => entry.line);
  return windowed(state, lines);
}

/** Balanced leaves the context as it always was, so its prompts and simulated answers are unchanged. */
const strategyOf = (state: RoomState) => {
  const strategy = state.setup.buyerStrategy;
  return strategy && strategy !== "balanced" ? { strategy } : {};
};

const itemView = (state: RoomState): ItemView => {
  const { name, quantity, minPrice, maxPrice } = state.setup.item;
  return { name, quantity, minPrice, maxPrice };
};

export function buyerTurnContext(state: RoomState): BuyerTurnContext {
  return {
    task: "buyer_message",
    agent: "buyer",
    ...strategyOf(state),
    buyerName: state.setup.buyerName,
    round: state.round,
    maxRounds: state.setup.maxRounds,
    item: itemView(state),
    sellers: state.setup.sellers.map((s) => s.name),
    offers: latestOffers(state.offers),
    transcript: buyerTranscript(state),
  };
}

export function sellerTurnContext(state: RoomState, name: string): SellerTurnContext {
  const seller = state.setup.sellers.find((s) => s.name === name);
  if (!seller) throw new Error(`Unknown seller ${name}`);
  return {
    task: "seller_reply",
    agent: name,
    round: state.round,
    maxRounds: state.setup.maxRounds,
    seller: { name, priority: seller.priority, style: seller.style, ...seller.line },
    item: { name: state.setup.item.name, quantity: state.setup.item.quantity },
    ownOffers: state.offers.filter((o) => o.seller === name),
    transcript: sellerTranscript(state, name),
  };
}

export function decisionContext(state: RoomState): DecisionContext {
  return {
    task: "buyer_decision",
    agent: "buyer",
    ...strategyOf(state),
    buyerName: state.setup.buyerName,
    round: state.round,
    maxRounds: state.setup.maxRounds,
    item: itemView(state),
    offers: latestOffers(state.offers).map((offer) => ({
      ...offer,
      withinBudget: withinBudget(offer, state.setup.item),
    })),
    transcript: buyerTranscript(state),
  };
}
