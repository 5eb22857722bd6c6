import type { RoomEvent, RoomEventData } from "@/lib/domain/stream-events";
import { rng } from "@/lib/engine/random";
import { simulateBuyerMessage, simulateDecision, simulateSellerReply } from "@/lib/ai/simulation";
import { planRooms } from "@/lib/engine/matching";
import { applyEvent, initialState, type RoomSetup, type RoomState } from "@/lib/engine/room-state";
import type { Agents } from "@/lib/engine/run-room";
import type { EpisodeConfig } from "@/lib/domain/schemas";

export function setupFor(config: EpisodeConfig, itemIndex = 0): RoomSetup {
  const plan = planRooms(config)[itemIndex]!;
  return {
    roomId: `room-${itemIndex}`,
    episodeId: "episode-1",
    buyerName: config.buyer.name,
    item: plan.item,
    sellers: plan.sellers,
    maxRounds: config.llm.maxRounds,
    provider: config.llm.provider,
    model: config.llm.model,
  };
}

/** An in-memory commit: what storage would do, minus the database. */
export function memoryCommit(setup: RoomSetup) {
  let state: RoomState = initialState(setup);
  let seq = 0;
  const log: RoomEvent[] = [];
  return {
    get state() {
      return state;
    },
    log,
    commit: async (events: RoomEventData[]) => {
      for (const data of events) {
        const event = { ...data, seq: ++seq, at: new Date(0).toISOString() } as RoomEvent;
        log.push(event);
        state = applyEvent(state, event);
      }
      return state;
    },
  };
}

/** The simulation's policies without the AI SDK in between. */
export function simulatedAgents(seed = 1, overrides: Partial<Agents> = {}): Agents {
  return {
    buyerMessage: async (ctx) => simulateBuyerMessage(ctx, rng(seed, `b${ctx.round}`)),
    sellerReply: async (ctx) => simulateSellerReply(ctx, rng(seed, `${ctx.agent}${ctx.round}`)),
    buyerDecision: async (ctx) => simulateDecision(ctx),
    ...overrides,
  };
}
