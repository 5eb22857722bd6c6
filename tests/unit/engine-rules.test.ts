import { describe, expect, it } from "vitest";
import { sellerTurnContext, buyerTurnContext } from "@/lib/engine/contexts";
import { checkDecision } from "@/lib/engine/decision";
import { planRooms } from "@/lib/engine/matching";
import { addressedSellers, parseMentions } from "@/lib/engine/mentions";
import {
  bestOffer,
  latestOffers,
  makeOffer,
  validateOffer,
  withinBudget,
} from "@/lib/engine/offers";
import { stripReasoning } from "@/lib/engine/prompts";
import { configWith } from "../shared/sample-config";
import { memoryCommit, setupFor } from "../shared/engine-harness";

describe("@mention routing", () => {
  const names = ["Shop", "Shop Plus", "Zed"];
  it("matches exact names, longest first", () => {
    expect(parseMentions("@Shop Plus, can you beat @Shop?", names)).toEqual(["Shop Plus", "Shop"]);
  });
  it("needs a name boundary and exact case", () => {
    expect(parseMentions("@Shopper and @zed", names)).toEqual([]);
    expect(parseMentions("email me at x@Shop.com", names)).toEqual(["Shop"]);
  });
  it("lists each seller once", () => {
    expect(parseMentions("@Zed @Zed", names)).toEqual(["Zed"]);
  });
  it("addresses everyone when nobody is mentioned", () => {
    expect(addressedSellers([], names)).toEqual(names);
    expect(addressedSellers(["Zed"], names)).toEqual(["Zed"]);
  });
});

describe("matching", () => {
  it("matches list items to inventory by normalised name and keeps unstocked items", () => {
    const plans = planRooms(configWith());
    expect(plans.map((p) => [p.item.name, p.sellers.map((s) => s.name)])).toEqual([
      ["Laptop", ["TechHub", "GadgetWorld"]],
      ["Wireless mouse", ["TechHub", "BargainBin"]],
      ["Webcam", []],
    ]);
  });
});

describe("offers", () => {
  const seller = planRooms(configWith())[0]!.sellers[0]!; // TechHub laptop: floor 820, stock 10
  it("rejects an offer below the floor or above the stock instead of clamping", () => {
    expect(validateOffer({ price: 819.99, quantity: 2 }, seller)).toBe("below_floor");
    expect(validateOffer({ price: 900, quantity: 11 }, seller)).toBe("above_stock");
    expect(validateOffer({ price: 900, quantity: 0 }, seller)).toBe("invalid");
    expect(validateOffer({ price: Number.NaN, quantity: 1 }, seller)).toBe("invalid");
    expect(validateOffer({ price: 820, quantity: 10 }, seller)).toBeUndefined();
  });
  it("picks the cheapest current offer within budget and quantity", () => {
    const item = configWith().buyer.items[0]!; // 2 laptops, max 950
    const offers = [
      makeOffer({ price: 900, quantity: 2 }, "A", 1),
      makeOffer({ price: 940, quantity: 2 }, "B", 1),
      makeOffer({ price: 960, quantity: 2 }, "A", 2),
      makeOffer({ price: 800, quantity: 1 }, "C", 2),
    ];
    expect(latestOffers(offers).map((o) => o.id)).toEqual(["r2-A", "r1-B", "r2-C"]);
    expect(withinBudget(offers[3]!, item)).toBe(false);
    expect(bestOffer(offers, item)?.id).toBe("r1-B");
  });
  it("computes totals in cents", () => {
    expect(makeOffer({ price: 19.999, quantity: 3 }, "A", 1)).toMatchObject({
      price: 20,
      total: 60,
    });
  });
});

describe("visibility", () => {
  it("shows a seller buyer messages to it or to all, its own lines, never another seller's", async () => {
    const setup = setupFor(configWith());
    const room = memoryCommit(setup);
    await room.commit([
      { type: "round_started", round: 1 },
      { type: "buyer_message", round: 1, text: "Hello all", mentions: [] },
      {
        type: "seller_message",
        round: 1,
        seller: "TechHub",
        text: "1000 each",
        offer: makeOffer({ price: 1000, quantity: 2 }, "TechHub", 1),
      },
      {
        type: "seller_message",
        round: 1,
        seller: "GadgetWorld",
        text: "secret 950",
        offer: makeOffer({ price: 950, quantity: 2 }, "GadgetWorld", 1),
      },
      { type: "buyer_message", round: 2, text: "@GadgetWorld lower?", mentions: ["GadgetWorld"] },
      { type: "user_message", round: 2, text: "Be quick" },
    ]);
    const techHub = sellerTurnContext(room.state, "TechHub");
    expect(techHub.transcript.map((l) => l.text)).toEqual(["Hello all", "1000 each", "Be quick"]);
    expect(JSON.stringify(techHub)).not.toContain("780"); // GadgetWorld's floor
    expect(techHub.ownOffers.map((o) => o.seller)).toEqual(["TechHub"]);
    const buyer = buyerTurnContext(room.state);
    expect(buyer.transcript).toHaveLength(6 - 1);
    expect(JSON.stringify(buyer)).not.toMatch(/leastPrice|costPrice/);
  });
});

describe("decisions", () => {
  it("accepts only a current offer within budget; anything else continues", async () => {
    const setup = setupFor(configWith());
    const room = memoryCommit(setup);
    await room.commit([
      { type: "round_started", round: 2 },
      {
        type: "seller_message",
        round: 2,
        seller: "TechHub",
        text: "x",
        offer: makeOffer({ price: 990, quantity: 2 }, "TechHub", 2),
      },
      {
        type: "seller_message",
        round: 2,
        seller: "GadgetWorld",
        text: "y",
        offer: makeOffer({ price: 900, quantity: 2 }, "GadgetWorld", 2),
      },
    ]);
    expect(
      checkDecision({ action: "accept", offerId: "r2-GadgetWorld", reason: "ok" }, room.state),
    ).toMatchObject({ action: "accept", offer: { price: 900 } });
    expect(
      checkDecision({ action: "accept", offerId: "r2-TechHub", reason: "ok" }, room.state),
    ).toMatchObject({ action: "continue" });
    expect(
      checkDecision({ action: "accept", offerId: "r9-Nobody", reason: "ok" }, room.state),
    ).toMatchObject({ action: "continue" });
    expect(checkDecision({ action: "walk_away", reason: "bye" }, room.state)).toMatchObject({
      action: "walk_away",
    });
  });
});

describe("reasoning tags", () => {
  it("strips <think> blocks, even unterminated ones", () => {
    expect(stripReasoning("<think>plan</think>Hello @A")).toBe("Hello @A");
    expect(stripReasoning("Hi<think>never closed")).toBe("Hi");
  });
});
