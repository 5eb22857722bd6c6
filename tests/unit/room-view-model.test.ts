import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OffersPanel } from "@/components/room/offers-panel";
import { bestOfferId, mergeEvents, roomViewModel } from "@/lib/client/room-view-model";
import type { Offer, RoomEvent, RoomEventData } from "@/lib/domain/stream-events";

// The laptop room of the sample list: 2 wanted at most $950 each, three sellers.
const SELLERS = ["TechHub", "GadgetWorld", "BargainBin"];
const MAX_PRICE = 950;
const QUANTITY = 2;

const events = (...data: RoomEventData[]): RoomEvent[] =>
  data.map(
    (d, i) =>
      ({
        ...d,
        seq: i + 1,
        at: `2026-01-01T10:00:${String(i).padStart(2, "0")}.000Z`,
      }) as RoomEvent,
  );
const offer = (seller: string, round: number, price: number, quantity = QUANTITY): Offer => ({
  id: `${seller}-r${round}`,
  seller,
  round,
  price,
  quantity,
  total: price * quantity,
});
const said = (seller: string, round: number, price?: number, quantity?: number): RoomEventData => ({
  type: "seller_message",
  round,
  seller,
  text: `${seller} says`,
  ...(price !== undefined && { offer: offer(seller, round, price, quantity) }),
});
const buyer = (round: number, mentions: string[] = []): RoomEventData => ({
  type: "buyer_message",
  round,
  text: "What is your best price?",
  mentions,
});

/** The seller cards as the room screen renders them: seller name → the card's visible text. */
function sellerCards(list: RoomEvent[]): Record<string, string> {
  const { offers } = roomViewModel(list, SELLERS);
  const html = renderToStaticMarkup(
    createElement(OffersPanel, {
      offers,
      bestId: bestOfferId(offers, MAX_PRICE, QUANTITY),
      maxPrice: MAX_PRICE,
      quantity: QUANTITY,
    }),
  );
  const cards: Record<string, string> = {};
  for (const [, seller, inner] of html.matchAll(
    /<li[^>]*data-seller="([^"]+)"[^>]*>(.*?)<\/li>/g,
  )) {
    cards[seller!] = inner!
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim();
  }
  return cards;
}

describe("the seller cards of the room screen", () => {
  it("before anyone offers, every seller shows 'no offer yet' and nothing is marked best", () => {
    expect(
      sellerCards(
        events(
          {
            type: "room_started",
            item: "Laptop",
            sellers: SELLERS,
            maxRounds: 6,
            provider: "simulated",
            model: "mams-sim-1",
          },
          { type: "round_started", round: 1 },
          buyer(1),
        ),
      ),
    ).toEqual({
      TechHub: "TechHub no offer yet",
      GadgetWorld: "GadgetWorld no offer yet",
      BargainBin: "BargainBin no offer yet",
    });
  });

  it("marks the cheapest offer that meets the budget and the quantity as best price, and each offer within budget", () => {
    const cards = sellerCards(
      events(
        { type: "round_started", round: 1 },
        buyer(1),
        said("TechHub", 1, 1000),
        said("GadgetWorld", 1, 940),
        said("BargainBin", 1, 900, 1),
      ),
    );
    expect(cards.TechHub).toBe("TechHub $1,000.00 × 2 (round 1)");
    expect(cards.GadgetWorld).toBe("GadgetWorld $940.00 × 2 (round 1) best price within budget");
    // Cheaper, but one laptop of the two wanted: neither best nor within budget.
    expect(cards.BargainBin).toBe("BargainBin $900.00 × 1 (round 1)");
  });

  it("a seller's card shows its latest offer, and the best moves when another seller undercuts", () => {
    const cards = sellerCards(
      events(
        { type: "round_started", round: 1 },
        buyer(1),
        said("TechHub", 1, 1000),
        said("GadgetWorld", 1, 940),
        { type: "round_started", round: 2 },
        buyer(2),
        said("TechHub", 2, 930),
        said("GadgetWorld", 2),
      ),
    );
    expect(cards.TechHub).toBe("TechHub $930.00 × 2 (round 2) best price within budget");
    expect(cards.GadgetWorld).toBe("GadgetWorld $940.00 × 2 (round 1) within budget");
  });

  it("an offer the rules refused shows as invalid with its reason, next to the last valid one, until the seller offers again", () => {
    const rejected: RoomEventData = {
      type: "offer_rejected",
      round: 2,
      seller: "GadgetWorld",
      text: "700 then",
      terms: { price: 700, quantity: 2 },
      reason: "below_floor",
    };
    const base = [
      { type: "round_started", round: 1 } as RoomEventData,
      buyer(1),
      said("GadgetWorld", 1, 940),
      { type: "round_started", round: 2 } as RoomEventData,
      buyer(2),
      rejected,
    ];
    expect(sellerCards(events(...base)).GadgetWorld).toBe(
      "GadgetWorld $940.00 × 2 (round 1) best price within budget invalid offer (below floor)",
    );
    expect(
      sellerCards(
        events(...base, { type: "round_started", round: 3 }, buyer(3), said("GadgetWorld", 3, 925)),
      ).GadgetWorld,
    ).toBe("GadgetWorld $925.00 × 2 (round 3) best price within budget");
    const model = roomViewModel(events(...base), SELLERS);
    expect(model.chat.at(-1)).toMatchObject({
      kind: "seller",
      seller: "GadgetWorld",
      rejected: { reason: "below_floor", price: 700, quantity: 2 },
    });
    expect(
      model.offers.find((o) => o.seller === "GadgetWorld")!.history.map((o) => o.price),
    ).toEqual([940]);
    // A valid offer in the same round clears the refusal, so the card does not keep saying "invalid".
    const sameRound = roomViewModel(
      events(...base, said("GadgetWorld", 2, 930)),
      SELLERS,
    ).offers.find((o) => o.seller === "GadgetWorld")!;
    expect(sameRound.rejected).toBeUndefined();
    expect(sameRound.latest?.price).toBe(930);
  });
});

describe("the room's state derived from its events", () => {
  it("shows who is thinking: the addressed sellers, then the buyer once they all answered (from round 2)", () => {
    const round2 = [
      { type: "round_started", round: 1 } as RoomEventData,
      buyer(1),
      said("TechHub", 1, 1000),
      said("GadgetWorld", 1, 940),
      said("BargainBin", 1),
      { type: "round_started", round: 2 } as RoomEventData,
    ];
    expect(roomViewModel(events(...round2), SELLERS).thinking).toEqual(["buyer"]);
    expect(
      roomViewModel(events(...round2, buyer(2, ["TechHub", "BargainBin"])), SELLERS).thinking,
    ).toEqual(["TechHub", "BargainBin"]);
    expect(
      roomViewModel(
        events(...round2, buyer(2, ["TechHub", "BargainBin"]), said("TechHub", 2, 960)),
        SELLERS,
      ).thinking,
    ).toEqual(["BargainBin"]);
    const passed: RoomEventData = {
      type: "turn_passed",
      round: 2,
      agent: "BargainBin",
      task: "seller_reply",
      cause: "unparseable",
      reason: "no usable answer",
    };
    expect(
      roomViewModel(
        events(...round2, buyer(2, ["TechHub", "BargainBin"]), said("TechHub", 2, 960), passed),
        SELLERS,
      ).thinking,
    ).toEqual(["buyer"]);
    // Round 1: every seller answers the opening message, and the buyer does not decide until round 2.
    expect(
      roomViewModel(events(round2[0]!, buyer(1), said("TechHub", 1, 1000)), SELLERS).thinking,
    ).toEqual(["GadgetWorld", "BargainBin"]);
    expect(roomViewModel(events(...round2.slice(0, 5)), SELLERS).thinking).toEqual([]);
  });

  it("a deal ends the room with the winning offer's terms and nobody thinking", () => {
    const model = roomViewModel(
      events(
        { type: "round_started", round: 2 },
        buyer(2),
        said("GadgetWorld", 2, 900),
        {
          type: "decision",
          round: 2,
          action: "accept",
          offerId: "GadgetWorld-r2",
          reason: "best price",
          forced: false,
        },
        {
          type: "room_completed",
          outcome: {
            kind: "deal",
            seller: "GadgetWorld",
            offerId: "GadgetWorld-r2",
            price: 900,
            quantity: 2,
            total: 1800,
            rounds: 2,
            forced: false,
          },
        },
      ),
      SELLERS,
    );
    expect(model.outcome).toEqual({
      kind: "deal",
      seller: "GadgetWorld",
      offerId: "GadgetWorld-r2",
      price: 900,
      quantity: 2,
      total: 1800,
      rounds: 2,
      forced: false,
    });
    expect(model.chat.at(-1)).toMatchObject({
      kind: "decision",
      action: "accept",
      reason: "best price",
      forced: false,
    });
    expect(model.thinking).toEqual([]);
    expect(model.round).toBe(2);
  });

  it("a failure is shown until the room is retried (the next round clears it), and keeps what was said", () => {
    const failed = events({ type: "round_started", round: 1 }, buyer(1), {
      type: "room_failed",
      error: { code: "PROVIDER_UNAVAILABLE", message: "The model provider did not answer" },
    });
    const model = roomViewModel(failed, SELLERS);
    expect(model.failure).toEqual({
      code: "PROVIDER_UNAVAILABLE",
      message: "The model provider did not answer",
    });
    expect(model.thinking).toEqual([]);
    expect(model.chat).toHaveLength(1);
    expect(
      roomViewModel(
        [...failed, { type: "round_started", round: 1, seq: 4, at: "2026-01-01T10:01:00.000Z" }],
        SELLERS,
      ).failure,
    ).toBeUndefined();
  });

  it("a reconnect's replay merges by sequence number: nothing duplicated, nothing out of order", () => {
    const all = events(
      { type: "round_started", round: 1 },
      buyer(1),
      said("TechHub", 1, 1000),
      said("GadgetWorld", 1, 940),
    );
    const merged = mergeEvents(all.slice(0, 3), [all[3]!, all[1]!, all[2]!]);
    expect(merged.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(roomViewModel(merged, SELLERS).chat.map((c) => c.kind)).toEqual([
      "buyer",
      "seller",
      "seller",
    ]);
    const same = all.slice(0, 2);
    expect(mergeEvents(same, [])).toBe(same);
  });
});
