import { describe, expect, it } from "vitest";
import type { RoomEventData } from "@/lib/domain/stream-events";
import { closedRoomEconomics, roomEconomics } from "@/lib/engine/economics";
import { planRooms } from "@/lib/engine/matching";
import { runRoom } from "@/lib/engine/run-room";
import { configWith } from "../shared/sample-config";
import { memoryCommit, setupFor, simulatedAgents } from "../shared/engine-harness";

const [laptop, mouse, webcam] = planRooms(configWith());
const offer = (seller: string, round: number, price: number, quantity = 2): RoomEventData => ({
  type: "seller_message",
  round,
  seller,
  text: "offer",
  offer: { id: `r${round}-${seller}`, seller, round, price, quantity, total: price * quantity },
});
const deal = (seller: string, price: number, quantity = 2, rounds = 3): RoomEventData => ({
  type: "room_completed",
  outcome: {
    kind: "deal",
    seller,
    offerId: `r${rounds}-${seller}`,
    price,
    quantity,
    total: price * quantity,
    rounds,
    forced: false,
  },
});
const noDeal: RoomEventData = {
  type: "room_completed",
  outcome: { kind: "no_deal", reason: "limit", rounds: 6, forced: false },
};

describe("room economics (known values from the sample market)", () => {
  it("laptop: range [780, 950] from GadgetWorld, surplus split of a deal with TechHub at 900", () => {
    const e = roomEconomics(laptop!, [
      offer("TechHub", 1, 1000),
      offer("TechHub", 2, 900),
      deal("TechHub", 900),
    ]);
    expect(e.range).toEqual({ low: 780, high: 950, bestSeller: "GadgetWorld" });
    expect(e.availableSurplus).toBe(340);
    expect(e.deal).toEqual({
      seller: "TechHub",
      price: 900,
      quantity: 2,
      forced: false,
      buyerSurplus: 100,
      sellerSurplusOverCost: 500,
      sellerSurplusOverFloor: 160,
      buyerShare: 0.2941,
      moneyLeftOnTable: 240,
      savingsAgainstList: 400,
    });
    expect(e.violations).toEqual([]);
    expect(e.result).toBe("deal");
    expect(e.rounds).toBe(3);
    const techHub = e.sellers.find((s) => s.seller === "TechHub")!;
    // (1100 − 1000) / (1100 − 820) and (1100 − 900) / 280
    expect(techHub.concessions).toEqual([
      { round: 1, price: 1000, concession: 0.3571 },
      { round: 2, price: 900, concession: 0.7143 },
    ]);
  });

  it("mouse: a seller with too little stock is not feasible, so the range starts at TechHub's floor", () => {
    const e = roomEconomics(mouse!, [noDeal]);
    expect(e.sellers.map((s) => [s.seller, s.feasible])).toEqual([
      ["TechHub", true],
      ["BargainBin", false],
    ]);
    expect(e.range?.low).toBe(18);
    expect(e.availableSurplus).toBe(60);
    expect(e.correctNoDeal).toBe(false);
  });

  it("no seller stocks the item: no range, a no-deal is correct", () => {
    const e = roomEconomics(webcam!, [noDeal]);
    expect(e).toMatchObject({
      rangeExists: false,
      range: null,
      availableSurplus: 0,
      correctNoDeal: true,
      result: "no_deal",
    });
  });

  it("counts every broken rule: above the buyer's max, below the floor, without a range", () => {
    expect(roomEconomics(laptop!, [deal("TechHub", 960)]).violations).toEqual([
      "deal_above_buyer_max",
    ]);
    expect(roomEconomics(laptop!, [deal("TechHub", 800)]).violations).toEqual(["deal_below_floor"]);
    const noOverlap = { ...laptop!, item: { ...laptop!.item, maxPrice: 700 } };
    const e = roomEconomics(noOverlap, [deal("GadgetWorld", 790)]);
    expect(e.violations).toEqual(["deal_above_buyer_max", "deal_without_range"]);
    expect(e.deal).toMatchObject({ buyerShare: null, moneyLeftOnTable: null });
  });

  it("is revealed only once the room is closed; a resumed failure is open again", () => {
    expect(closedRoomEconomics(laptop!, [offer("TechHub", 1, 1000)])).toBeUndefined();
    const failed: RoomEventData = {
      type: "room_failed",
      error: { code: "LLM_TIMEOUT", message: "slow" },
    };
    expect(closedRoomEconomics(laptop!, [failed])?.result).toBe("failed");
    expect(
      closedRoomEconomics(laptop!, [failed, { type: "round_started", round: 1 }]),
    ).toBeUndefined();
  });

  it("a simulated run never breaks a rule and its buyer share lies in [0, 1]", async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const setup = setupFor(configWith({ maxRounds: 6 }), 0);
      const room = memoryCommit(setup);
      await runRoom(room.state, { agents: simulatedAgents(seed), commit: room.commit });
      const e = roomEconomics(setup, room.log);
      expect(e.violations).toEqual([]);
      if (e.deal) expect(e.deal.buyerShare).toBeGreaterThanOrEqual(0);
      if (e.deal) expect(e.deal.buyerShare).toBeLessThanOrEqual(1);
    }
  });
});
