import { z } from "zod";
import type {
  AgentContext,
  DecisionContext,
  SellerTurnContext,
  BuyerTurnContext,
  TranscriptLine,
} from "./contexts";
import { PRIORITY_GUIDE, STRATEGY_GUIDE, STYLE_GUIDE } from "./persona";

/**
 * What a seller turn answers, as sent to providers that enforce a schema. It stays inside the
 * strictest common subset (every field required, null instead of absent, no extra keys, no
 * length or numeric constraints): OpenAI's strict mode rejects anything else with a 400.
 * Limits and integers are checked after parsing (lib/ai/answer-parsing.ts).
 */
export const sellerReplySchema = z
  .object({
    message: z.string().describe("What you say to the buyer"),
    offer: z
      .object({
        price: z.number().describe("Price per unit, a plain number"),
        quantity: z.number().describe("Whole number of units"),
        conditions: z.string().nullable().describe("Optional conditions, or null"),
      })
      .strict()
      .nullable()
      .describe("Your offer, or null when you make none"),
  })
  .strict();

export const decisionSchema = z
  .object({
    action: z.enum(["accept", "continue", "walk_away"]),
    offerId: z.string().nullable().describe("The id of the offer you accept, or null"),
    reason: z.string().describe("One short sentence"),
  })
  .strict();

export type SellerReply = {
  message: string;
  offer?: { price: number; quantity: number; conditions?: string | null } | null;
};
export type BuyerDecision = {
  action: "accept" | "continue" | "walk_away";
  offerId?: string | null;
  reason: string;
};

/** Spelled out in every structured prompt: JSON mode needs the word "JSON", prompt-only models need the shape. */
const ANSWER_SHAPES = {
  seller_reply:
    'Answer with only a JSON object: {"message": string, "offer": {"price": number, "quantity": number, "conditions": string or null} or null}. ' +
    "The price is per unit, a plain number without currency symbols.",
  buyer_decision:
    'Answer with only a JSON object: {"action": "accept" | "continue" | "walk_away", "offerId": the accepted offer id or null, "reason": string}.',
} as const;

const money = (value: number) => `$${value.toFixed(2)}`;
/** The buyer's strategy instruction, with a leading space; nothing when balanced. */
const strategyText = (ctx: { strategy?: keyof typeof STRATEGY_GUIDE }) =>
  ctx.strategy ? ` ${STRATEGY_GUIDE[ctx.strategy]}` : "";

function transcriptText(lines: TranscriptLine[]): string {
  if (!lines.length) return "(nothing has been said yet)";
  return lines
    .map(
      (l) =>
        `[round ${l.round}] ${l.speaker}${l.role === "user" ? " (human observer)" : ""}: ${l.text}`,
    )
    .join("\n");
}

function buyerPrompt(ctx: BuyerTurnContext) {
  const offers =
    ctx.offers
      .map((o) => `- ${o.seller} (${o.id}): ${money(o.price)} x ${o.quantity}`)
      .join("\n") || "- none yet";
  return {
    system:
      `You are ${ctx.buyerName}, a buyer negotiating for ${ctx.item.quantity} x ${ctx.item.name}. ` +
      `Your budget is ${money(ctx.item.minPrice)} to ${money(ctx.item.maxPrice)} per unit; never reveal the maximum. ` +
      `Sellers: ${ctx.sellers.join(", ")}. Address sellers with @Name (exact names); without a mention everyone answers. ` +
      `Write one short message.${strategyText(ctx)}`,
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
    ctx.offers
      .map(
        (o) =>
          `- ${o.id}: ${o.seller} ${money(o.price)} x ${o.quantity}${o.withinBudget ? "" : " (over budget or short)"}`,
      )
      .join("\n") || "- none";
  return {
    system:
      `You are ${ctx.buyerName}, deciding whether to accept an offer for ${ctx.item.quantity} x ${ctx.item.name} ` +
      `(budget at most ${money(ctx.item.maxPrice)} per unit). Accept one offer by id, continue negotiating, or walk away.${strategyText(ctx)}`,
    prompt: `Round ${ctx.round} of ${ctx.maxRounds}.\nOffers:\n${offers}\n\nConversation:\n${transcriptText(ctx.transcript)}`,
  };
}

/** The prompt a model reads. The simulator gets the same facts out of band (the AgentContext), never in the text. */
export function renderPrompt(ctx: AgentContext): { system: string; prompt: string } {
  const parts =
    ctx.task === "buyer_message"
      ? buyerPrompt(ctx)
      : ctx.task === "seller_reply"
        ? sellerPrompt(ctx)
        : decisionPrompt(ctx);
  return {
    system:
      ctx.task === "buyer_message" ? parts.system : `${parts.system} ${ANSWER_SHAPES[ctx.task]}`,
    prompt: parts.prompt,
  };
}

/** Reasoning models wrap their thoughts in <think> tags; they never reach the chat. */
export function stripReasoning(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/gi, "").trim();
}
