import { describe, expect, it } from "vitest";
import { runRoom } from "@/lib/engine/run-room";
import { configWith } from "../shared/sample-config";
import { memoryCommit, setupFor, simulatedAgents } from "../shared/engine-harness";

const run = async (
  options: {
    maxRounds?: number;
    item?: number;
    seed?: number;
    agents?: Parameters<typeof simulatedAgents>[1];
  } = {},
) => {
  const setup = setupFor(configWith({ maxRounds: options.maxRounds ?? 6 }), options.item ?? 0);
  const room = memoryCommit(setup);
  const state = await runRoom(room.state, {
    agents: simulatedAgents(options.seed ?? 1, options.agents),
    commit: room.commit,
  });
  return { state, log: room.log };
};

describe("a negotiation run", () => {
  it("converges on a deal with the simulated agents, the outcome stored once and last", async () => {
    const { state, log } = await run();
    expect(state.outcome?.kind).toBe("deal");
    const completed = log.filter((e) => e.type === "room_completed");
    expect(completed).toHaveLength(1);
    expect(log.at(-1)?.type).toBe("room_completed");
    if (state.outcome?.kind === "deal") {
      expect(state.outcome.price).toBeLessThanOrEqual(950);
      expect(state.outcome.price).toBeGreaterThanOrEqual(780);
      expect(state.outcome.total).toBe(state.outcome.price * state.outcome.quantity);
    }
  });

  it("follows the turn order: round, buyer, addressed sellers, then a decision from round 2", async () => {
    const { log } = await run();
    const round1 = log.filter((e) => "round" in e && e.round === 1).map((e) => e.type);
    expect(round1).toEqual(["round_started", "buyer_message", "seller_message", "seller_message"]);
    expect(log.some((e) => e.type === "decision" && e.round === 1)).toBe(false);
    expect(log.some((e) => e.type === "decision" && e.round === 2)).toBe(true);
    expect(log.map((e) => e.seq)).toEqual(log.map((_e, i) => i + 1));
  });

  it("answers only the sellers the buyer addressed", async () => {
    const { log } = await run({
      agents: {
        buyerMessage: async (ctx) => (ctx.round === 1 ? "Hello" : "@GadgetWorld best price?"),
        buyerDecision: async () => ({ action: "continue", reason: "wait" }),
      },
      maxRounds: 3,
    });
    const round2 = log.filter((e) => e.type === "seller_message" && e.round === 2);
    expect(round2.map((e) => e.type === "seller_message" && e.seller)).toEqual(["GadgetWorld"]);
  });

  it("honours max rounds: no deal when the limit is reached", async () => {
    const { state, log } = await run({
      maxRounds: 3,
      agents: { buyerDecision: async () => ({ action: "continue", reason: "wait" }) },
    });
    expect(state.outcome).toMatchObject({ kind: "no_deal", rounds: 3 });
    expect(log.filter((e) => e.type === "round_started")).toHaveLength(3);
  });

  it("with one round there is no decision and no deal", async () => {
    const { state, log } = await run({ maxRounds: 1 });
    expect(state.outcome?.kind).toBe("no_deal");
    expect(log.some((e) => e.type === "decision")).toBe(false);
  });

  it("records an offer below the floor as rejected, never clamped", async () => {
    const { log } = await run({
      maxRounds: 2,
      agents: {
        sellerReply: async (ctx) => ({
          message: "cheap!",
          offer: { price: ctx.seller.leastPrice - 1, quantity: 1 },
        }),
      },
    });
    const rejected = log.filter((e) => e.type === "offer_rejected");
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0]).toMatchObject({ reason: "below_floor", terms: { price: 819 } });
    expect(log.some((e) => e.type === "seller_message" && e.offer)).toBe(false);
  });

  it("walks away when the buyer says so", async () => {
    const { state } = await run({
      agents: { buyerDecision: async () => ({ action: "walk_away", reason: "too pricey" }) },
    });
    expect(state.outcome).toMatchObject({ kind: "no_deal", reason: "too pricey", rounds: 2 });
  });

  it("is deterministic for a seed", async () => {
    const a = await run({ seed: 7 });
    const b = await run({ seed: 7 });
    expect(a.log).toEqual(b.log);
  });

  it("resumes from stored events without repeating a finished round", async () => {
    const setup = setupFor(configWith({ maxRounds: 4 }));
    const room = memoryCommit(setup);
    let calls = 0;
    await expect(
      runRoom(room.state, {
        commit: room.commit,
        agents: simulatedAgents(1, {
          buyerDecision: async () =>
            ++calls === 1
              ? { action: "continue", reason: "wait" }
              : Promise.reject(new Error("crash")),
        }),
      }),
    ).rejects.toThrow("crash");
    expect(room.state.round).toBe(3);
    const resumed = await runRoom(room.state, { commit: room.commit, agents: simulatedAgents(1) });
    expect(resumed.outcome).toBeDefined();
    expect(room.log.flatMap((e) => (e.type === "round_started" ? [e.round] : []))).toEqual([
      1, 2, 3, 4,
    ]);
    expect(room.log.filter((e) => e.type === "room_started")).toHaveLength(1);
  });

  it("sends a provider error up unchanged, leaving what was said stored", async () => {
    const failure = Object.assign(new Error("down"), { code: "LLM_UNAVAILABLE" });
    const setup = setupFor(configWith());
    const room = memoryCommit(setup);
    await expect(
      runRoom(room.state, {
        commit: room.commit,
        agents: simulatedAgents(1, { sellerReply: async () => Promise.reject(failure) }),
      }),
    ).rejects.toBe(failure);
    expect(room.log.map((e) => e.type)).toEqual(["room_started", "round_started", "buyer_message"]);
  });
});
