import { DEFAULT_MAX_BAD_TURNS } from "@/lib/domain/schemas";
import type { AgentTask, RoomEventData } from "@/lib/domain/stream-events";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { BuyerTurnContext, DecisionContext, SellerTurnContext } from "./contexts";
import { buyerTurnContext, decisionContext, sellerTurnContext } from "./contexts";
import { checkDecision, dealOutcome, noDeal } from "./decision";
import { addressedSellers, parseMentions } from "./mentions";
import { makeOffer, validateOffer } from "./offers";
import type { BuyerDecision, SellerReply } from "./prompts";
import { consecutivePasses, type RoomState } from "./room-state";

/** What the engine needs from the model layer; implemented by lib/ai/agents.ts or by tests. */
export type Agents = {
  buyerMessage(ctx: BuyerTurnContext): Promise<string>;
  sellerReply(ctx: SellerTurnContext): Promise<SellerReply>;
  buyerDecision(ctx: DecisionContext): Promise<BuyerDecision>;
};

export type RunDeps = {
  agents: Agents;
  /** Persists the events in one transaction, then announces them; returns the room's latest state. */
  commit: (events: RoomEventData[]) => Promise<RoomState>;
  concurrency?: number;
  inRound?: <T>(round: number, fn: () => Promise<T>) => Promise<T>;
  onStep?: (message: string, data: Record<string, unknown>) => void;
  /** A turn the agent passed (its answer unusable after a repair): reported, the room goes on. */
  onTurnPassed?: (error: AppError, turn: { round: number; agent: string; task: AgentTask }) => void;
};

const causeOf = (error: AppError) =>
  String((error.details as { cause?: unknown } | undefined)?.cause ?? "unknown");

async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item).catch((error: unknown) => void errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length) throw errors[0];
}

/**
 * Runs a room from its current state to an outcome. No I/O of its own: models, storage and
 * streams come in through `deps`, so the rules are testable with scripted agents.
 */
export async function runRoom(initial: RoomState, deps: RunDeps): Promise<RoomState> {
  let state = initial;
  const { setup } = state;
  const names = setup.sellers.map((s) => s.name);
  const step = deps.onStep ?? (() => {});
  const inRound = deps.inRound ?? ((_round, fn) => fn());
  const maxBadTurns = setup.maxBadTurns ?? DEFAULT_MAX_BAD_TURNS;

  /**
   * An unusable answer (LLM_BAD_RESPONSE) is that agent passing the round, recorded as an event;
   * only maxBadTurns passes in a row fail the room. Timeouts and outages still fail it at once.
   */
  const orPass = async <T>(
    round: number,
    agent: string,
    task: AgentTask,
    call: () => Promise<T>,
  ): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      if (!isAppError(error) || error.code !== "LLM_BAD_RESPONSE") throw error;
      state = await deps.commit([
        { type: "turn_passed", round, agent, task, cause: causeOf(error), reason: error.message },
      ]);
      deps.onTurnPassed?.(error, { round, agent, task });
      step(`${agent} passed the round`, { round, cause: causeOf(error) });
      const streak = consecutivePasses(state.events);
      if (streak >= maxBadTurns) {
        throw new AppError(
          "LLM_BAD_RESPONSE",
          `${streak} answers in a row could not be used (the limit is ${maxBadTurns}); the last: ${error.message}`,
          {
            cause: error,
            details: { ...(error.details as object), consecutive: streak },
          },
        );
      }
      return undefined;
    }
  };

  if (!state.events.some((e) => e.type === "room_started")) {
    state = await deps.commit([
      {
        type: "room_started",
        item: setup.item.name,
        sellers: names,
        maxRounds: setup.maxRounds,
        provider: setup.provider,
        model: setup.model,
      },
    ]);
  }

  while (!state.outcome) {
    const round = state.round + 1;
    if (round > setup.maxRounds) {
      state = await deps.commit([
        {
          type: "room_completed",
          outcome: noDeal("The round limit was reached without a deal.", state.round, false),
        },
      ]);
      break;
    }
    state = await inRound(round, async () => {
      state = await deps.commit([{ type: "round_started", round }]);
      step(`round ${round} started`, { round });

      const text = await orPass(round, setup.buyerName, "buyer_message", () =>
        deps.agents.buyerMessage(buyerTurnContext(state)),
      );
      const mentions = text === undefined ? [] : parseMentions(text, names);
      if (text !== undefined) {
        state = await deps.commit([{ type: "buyer_message", round, text, mentions }]);
        step("buyer spoke", { round, mentions });
      }

      // A buyer that passed said nothing new: the sellers have nothing to answer this round.
      await eachBounded(
        text === undefined ? [] : addressedSellers(mentions, names),
        deps.concurrency ?? 4,
        async (name) => {
          const reply = await orPass(round, name, "seller_reply", () =>
            deps.agents.sellerReply(sellerTurnContext(state, name)),
          );
          if (!reply) return;
          const seller = setup.sellers.find((s) => s.name === name)!;
          const terms = reply.offer
            ? {
                price: reply.offer.price,
                quantity: reply.offer.quantity,
                ...(reply.offer.conditions && { conditions: reply.offer.conditions }),
              }
            : undefined;
          const rejection = terms && validateOffer(terms, seller);
          if (terms && rejection) {
            state = await deps.commit([
              {
                type: "offer_rejected",
                round,
                seller: name,
                text: reply.message,
                terms,
                reason: rejection,
              },
            ]);
            step("offer rejected", { round, seller: name, reason: rejection });
          } else {
            const offer = terms ? makeOffer(terms, name, round) : undefined;
            state = await deps.commit([
              {
                type: "seller_message",
                round,
                seller: name,
                text: reply.message,
                ...(offer && { offer }),
              },
            ]);
            step(offer ? "seller offered" : "seller spoke", {
              round,
              seller: name,
              ...(offer && { offer_id: offer.id, price: offer.price }),
            });
          }
        },
      );

      const answer =
        round >= 2
          ? await orPass(round, setup.buyerName, "buyer_decision", () =>
              deps.agents.buyerDecision(decisionContext(state)),
            )
          : undefined;
      if (answer) {
        const decision = checkDecision(answer, state);
        const { offer, ...event } = decision;
        const events: RoomEventData[] = [event];
        if (decision.action === "accept" && offer)
          events.push({ type: "room_completed", outcome: dealOutcome(offer, round, false) });
        if (decision.action === "walk_away")
          events.push({ type: "room_completed", outcome: noDeal(decision.reason, round, false) });
        state = await deps.commit(events);
        step(`decision: ${decision.action}`, {
          round,
          ...(decision.offerId && { offer_id: decision.offerId }),
        });
      }
      if (!state.outcome && round >= setup.maxRounds) {
        state = await deps.commit([
          {
            type: "room_completed",
            outcome: noDeal("The round limit was reached without a deal.", round, false),
          },
        ]);
      }
      return state;
    });
  }
  return state;
}
