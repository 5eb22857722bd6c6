import type { Offer, Outcome, RejectionReason, RoomEvent } from "@/lib/domain/stream-events";

export type ChatEntry =
  | { kind: "buyer"; seq: number; round: number; text: string; mentions: string[] }
  | {
      kind: "seller";
      seq: number;
      round: number;
      seller: string;
      text: string;
      offer?: Offer;
      rejected?: { reason: RejectionReason; price: number; quantity: number };
    }
  | { kind: "user"; seq: number; round: number; text: string }
  | {
      kind: "decision";
      seq: number;
      round: number;
      action: string;
      reason: string;
      forced: boolean;
    }
  | {
      kind: "passed";
      seq: number;
      round: number;
      agent: string;
      task: string;
      cause: string;
      reason: string;
    }
  | { kind: "resumed"; seq: number; round: number; reason: string };

export type SellerOffers = {
  seller: string;
  latest?: Offer;
  rejected?: { reason: RejectionReason; price: number; round: number };
  history: Offer[];
};

export type RoomViewModel = {
  round: number;
  chat: ChatEntry[];
  offers: SellerOffers[];
  outcome?: Outcome;
  failure?: { code: string; message: string };
  thinking: string[];
  started: boolean;
};

/** What the room screen shows, derived from the event list alone (so replay and live render the same). */
export function roomViewModel(
  events: readonly RoomEvent[],
  sellers: readonly string[],
): RoomViewModel {
  const model: RoomViewModel = {
    round: 0,
    chat: [],
    offers: sellers.map((seller) => ({ seller, history: [] })),
    thinking: [],
    started: false,
  };
  let awaiting: string[] = [];
  for (const e of events) {
    switch (e.type) {
      case "room_started":
        model.started = true;
        break;
      case "round_started":
        model.round = e.round;
        model.failure = undefined;
        awaiting = ["buyer"];
        break;
      case "buyer_message":
        model.chat.push({
          kind: "buyer",
          seq: e.seq,
          round: e.round,
          text: e.text,
          mentions: e.mentions,
        });
        awaiting = e.mentions.length ? [...e.mentions] : [...sellers];
        break;
      case "user_message":
        model.chat.push({ kind: "user", seq: e.seq, round: e.round, text: e.text });
        break;
      case "seller_message": {
        model.chat.push({
          kind: "seller",
          seq: e.seq,
          round: e.round,
          seller: e.seller,
          text: e.text,
          offer: e.offer,
        });
        const entry = model.offers.find((o) => o.seller === e.seller);
        if (entry && e.offer)
          Object.assign(entry, {
            latest: e.offer,
            rejected: undefined,
            history: [...entry.history, e.offer],
          });
        awaiting = awaiting.filter((name) => name !== e.seller);
        if (!awaiting.length && e.round >= 2) awaiting = ["buyer"];
        break;
      }
      case "offer_rejected": {
        model.chat.push({
          kind: "seller",
          seq: e.seq,
          round: e.round,
          seller: e.seller,
          text: e.text,
          rejected: { reason: e.reason, price: e.terms.price, quantity: e.terms.quantity },
        });
        const entry = model.offers.find((o) => o.seller === e.seller);
        if (entry) entry.rejected = { reason: e.reason, price: e.terms.price, round: e.round };
        awaiting = awaiting.filter((name) => name !== e.seller);
        if (!awaiting.length && e.round >= 2) awaiting = ["buyer"];
        break;
      }
      case "decision":
        model.chat.push({
          kind: "decision",
          seq: e.seq,
          round: e.round,
          action: e.action,
          reason: e.reason,
          forced: e.forced,
        });
        awaiting = [];
        break;
      case "turn_passed":
        model.chat.push({
          kind: "passed",
          seq: e.seq,
          round: e.round,
          agent: e.agent,
          task: e.task,
          cause: e.cause,
          reason: e.reason,
        });
        if (e.task === "seller_reply") {
          awaiting = awaiting.filter((name) => name !== e.agent);
          if (!awaiting.length && e.round >= 2) awaiting = ["buyer"];
        } else {
          awaiting = [];
        }
        break;
      case "run_resumed":
        model.chat.push({ kind: "resumed", seq: e.seq, round: e.round, reason: e.reason });
        break;
      case "room_completed":
        model.outcome = e.outcome;
        awaiting = [];
        break;
      case "room_failed":
        model.failure = e.error;
        awaiting = [];
        break;
    }
  }
  model.thinking = awaiting;
  return model;
}

export function bestOfferId(
  offers: SellerOffers[],
  maxPrice: number,
  quantity: number,
): string | undefined {
  return offers
    .flatMap((o) =>
      o.latest && o.latest.price <= maxPrice && o.latest.quantity >= quantity ? [o.latest] : [],
    )
    .sort((a, b) => a.price - b.price)[0]?.id;
}

/** Merge by sequence number: a reconnect never duplicates or reorders what is on screen. */
export function mergeEvents(
  current: readonly RoomEvent[],
  incoming: readonly RoomEvent[],
): RoomEvent[] {
  if (!incoming.length) return current as RoomEvent[];
  const bySeq = new Map(current.map((e) => [e.seq, e]));
  for (const event of incoming) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
