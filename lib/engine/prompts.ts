import { z } from "zod";
import type { AgentContext, DecisionContext, SellerTurnContext, BuyerTurnContext, TranscriptLine } from "./contexts";
import { PRIORITY_GUIDE, STYLE_GUIDE } from "./persona";

/** Structured output of a seller turn: an offer is data, never parsed out of prose. */
export const sellerReplySchema = z.object({
  message: z.string().min(1).max(2_000),
  offer: z
    .object({ price: z.number(), quantity: z.number().int(), conditions: z.string().max(500).optional() })
    .nullable()
    .optional(),
});

export const decisionSchema = z.object({
  action: z.enum(["accept", "continue", "walk_away"]),
  offerId: z.string().nullable().optional(),
  reason: z.string().min(1).max(1_000),
});

export type SellerReply = z.infer<typeof sellerReplySchema>;
export type BuyerDecision = z.infer<typeof decisionSchema>;

const CONTEXT_TAG = /<mams-context>([\s\S]*?)<\/mams-context>/;

const money = (value: number) => `$${value.toFixed(2)}`;

function transcriptText(lines: TranscriptLine[]): string {
  if (!lines.length) return "(nothing has been said yet)";
  return lines.map((l) => `[round ${l.round}] ${l.speaker}${l.role === "user" ? " (human observer)" : ""}: ${l.text}`).join("\n");
}

function buyerPrompt(ctx: BuyerTurnContext) {
  const offers = ctx.offers.map((o) => `- ${o.seller} (${o.id}): ${money(o.price)} x ${o.quantity}`).join("\n") || "- none yet";
  return {
    system:
      `You are ${ctx.buyerName}, a buyer negotiating for ${ctx.item.quantity} x ${ctx.item.name}. ` +
      `Your budget is ${money(ctx.item.minPrice)} to ${money(ctx.item.maxPrice)} per unit; never reveal the maximum. ` +
      `Sellers: ${ctx.sellers.join(", ")}. Address sellers with @Name (exact names); without a mention everyone answers. ` +
      "Write one short message.",
    prompt: `Round ${ctx.round} of ${ctx.maxRounds}.\nCurrent offers:\n${offers}\n\nConversation:\n${transcriptText(ctx.transcript)}`,
  };
}

function sellerPrompt(ctx: SellerTurnContext) {
  const s = ctx.seller;
  return {
    system:
      `You are ${s.name}, a seller of ${ctx.item.name}. ${STYLE_GUIDE[s.style]} ${PRIORITY_GUIDE[s.priority]} ` +
      `Your list price is ${money(s.sellingPrice)}, your floor (never go below) ${money(s.leastPrice)}, your cost ${money(s.costPrice)}; ` +
      `you have ${s.stock} in stock. Never reveal cost or floor. Reply with a message and, if you make one, an offer (price per unit, quantity, optional conditions).`,
    prompt: `Round ${ctx.round} of ${ctx.maxRounds}. The buyer wants ${ctx.item.quantity}.\n\nConversation you can see:\n${transcriptText(ctx.transcript)}`,
  };
}

function decisionPrompt(ctx: DecisionContext) {
  const offers =
    ctx.offers.map((o) => `- ${o.id}: ${o.seller} ${money(o.price)} x ${o.quantity}${o.withinBudget ? "" : " (over budget or short)"}`).join("\n") ||
    "- none";
  return {
    system:
      `You are ${ctx.buyerName}, deciding whether to accept an offer for ${ctx.item.quantity} x ${ctx.item.name} ` +
      `(budget at most ${money(ctx.item.maxPrice)} per unit). Accept one offer by id, continue negotiating, or walk away.`,
    prompt: `Round ${ctx.round} of ${ctx.maxRounds}.\nOffers:\n${offers}\n\nConversation:\n${transcriptText(ctx.transcript)}`,
  };
}

/**
 * The human-readable prompt carries its facts as JSON too, so the built-in simulated
 * model plays by the same information a real model gets.
 */
export function renderPrompt(ctx: AgentContext): { system: string; prompt: string } {
  const parts = ctx.task === "buyer_message" ? buyerPrompt(ctx) : ctx.task === "seller_reply" ? sellerPrompt(ctx) : decisionPrompt(ctx);
  return { system: parts.system, prompt: `${parts.prompt}\n\n<mams-context>${JSON.stringify(ctx)}</mams-context>` };
}

export function readContext(text: string): AgentContext | undefined {
  const match = CONTEXT_TAG.exec(text);
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]!) as AgentContext;
  } catch {
    return undefined;
  }
}

/** Reasoning models wrap their thoughts in <think> tags; they never reach the chat. */
export function stripReasoning(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/gi, "").trim();
}
