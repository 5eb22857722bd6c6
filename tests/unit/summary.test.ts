import { describe, expect, it } from "vitest";
import type { Outcome } from "@/lib/domain/stream-events";
import { summarise, type SummaryRoom } from "@/lib/engine/summary";
import { configWith } from "../shared/sample-config";

// The sample list: room 0 Laptop (2 wanted; TechHub lists 1100, GadgetWorld 1050), room 1 Wireless mouse
// (5 wanted; TechHub lists 35, BargainBin 25), room 2 Webcam (nobody stocks it).
const config = configWith();

const deal = (seller: string, price: number, quantity: number, rounds: number): Outcome => ({
  kind: "deal",
  seller,
  offerId: `offer-${seller}`,
  price,
  quantity,
  total: price * quantity,
  rounds,
  forced: false,
});

const room = (
  position: number,
  itemName: string,
  fields: Partial<SummaryRoom> = {},
): SummaryRoom => ({
  id: `room-${position}`,
  position,
  itemName,
  status: "completed",
  startedAt: null,
  endedAt: null,
  ...fields,
});

describe("the episode summary", () => {
  it("lists each purchase with the seller's own list price and the savings against it (per unit × quantity)", () => {
    const { purchases, totals } = summarise(config, [
      room(0, "Laptop", { outcome: deal("GadgetWorld", 900, 2, 3) }),
      room(1, "Wireless mouse", { outcome: deal("BargainBin", 20, 5, 2) }),
      room(2, "Webcam", { status: "no_sellers" }),
    ]);
    expect(purchases).toEqual([
      {
        roomId: "room-0",
        item: "Laptop",
        seller: "GadgetWorld",
        price: 900,
        quantity: 2,
        total: 1800,
        listPrice: 1050,
        savings: 300,
        rounds: 3,
      },
      // BargainBin stocks "wireless  MOUSE": matched by normalised name, its list price is 25, not TechHub's 35.
      {
        roomId: "room-1",
        item: "Wireless mouse",
        seller: "BargainBin",
        price: 20,
        quantity: 5,
        total: 100,
        listPrice: 25,
        savings: 25,
        rounds: 2,
      },
    ]);
    expect(totals).toMatchObject({
      spent: 1900,
      savings: 325,
      items: 3,
      bought: 2,
      successRate: 0.67,
    });
  });

  it("says why each item was not bought, in the words the summary page shows", () => {
    const { failed, purchases, totals } = summarise(config, [
      room(0, "Laptop", {
        outcome: {
          kind: "no_deal",
          reason: "Every offer was above budget",
          rounds: 6,
          forced: false,
        },
      }),
      room(1, "Wireless mouse", {
        status: "failed",
        error: { code: "PROVIDER_UNAVAILABLE", message: "The model provider did not answer" },
      }),
      room(2, "Webcam", { status: "no_sellers" }),
    ]);
    expect(purchases).toEqual([]);
    expect(failed).toEqual([
      {
        roomId: "room-0",
        item: "Laptop",
        status: "completed",
        reason: "Every offer was above budget",
      },
      {
        roomId: "room-1",
        item: "Wireless mouse",
        status: "failed",
        reason: "The model provider did not answer",
      },
      {
        roomId: "room-2",
        item: "Webcam",
        status: "no_sellers",
        reason: "No seller stocks this item",
      },
    ]);
    expect(totals).toMatchObject({ spent: 0, savings: 0, bought: 0, successRate: 0 });
  });

  it("tells an interrupted room from one not negotiated yet", () => {
    const { failed } = summarise(config, [
      room(0, "Laptop", { status: "interrupted" }),
      room(1, "Wireless mouse", { status: "planned" }),
    ]);
    expect(failed.map((f) => f.reason)).toEqual(["Interrupted", "Not negotiated yet"]);
  });

  it("rounds money to cents: 3 × (35 − 19.9) saves 45.3, not 45.300000000000004", () => {
    const { purchases, totals } = summarise(config, [
      room(1, "Wireless mouse", { outcome: deal("TechHub", 19.9, 3, 4) }),
    ]);
    expect(purchases[0]!.savings).toBe(45.3);
    expect(totals.spent).toBe(59.7);
    expect(totals.savings).toBe(45.3);
  });

  it("a price above list shows as negative savings rather than being hidden", () => {
    const { totals } = summarise(config, [
      room(0, "Laptop", { outcome: deal("TechHub", 1150, 2, 5) }),
    ]);
    expect(totals.savings).toBe(-100);
  });

  it("averages rounds over finished rooms only and duration over rooms that started and ended", () => {
    const { totals } = summarise(config, [
      room(0, "Laptop", {
        outcome: deal("GadgetWorld", 900, 2, 3),
        startedAt: "2026-01-01T10:00:00.000Z",
        endedAt: "2026-01-01T10:00:04.000Z",
      }),
      room(1, "Wireless mouse", {
        outcome: { kind: "no_deal", reason: "walked away", rounds: 6, forced: true },
        startedAt: "2026-01-01T10:00:00.000Z",
        endedAt: "2026-01-01T10:00:10.000Z",
      }),
      room(2, "Webcam", { status: "no_sellers" }),
    ]);
    expect(totals.averageRounds).toBe(4.5);
    expect(totals.averageDurationMs).toBe(7_000);
    expect(totals.successRate).toBe(0.33);
  });

  it("an episode with no rooms has zero figures, not NaN", () => {
    expect(summarise(config, []).totals).toEqual({
      spent: 0,
      savings: 0,
      items: 0,
      bought: 0,
      successRate: 0,
      averageRounds: 0,
      averageDurationMs: 0,
    });
  });
});
