import "server-only";
import type { BuyerTurnContext, DecisionContext, SellerTurnContext } from "@/lib/engine/contexts";
import type { BuyerDecision, SellerReply } from "@/lib/engine/prompts";

const pick = <T>(random: () => number, options: readonly T[]): T =>
  options[Math.floor(random() * options.length)]!;
const cents = (value: number) => Math.round(value * 100) / 100;
const progress = (round: number, maxRounds: number) =>
  maxRounds <= 1 ? 1 : (round - 1) / (maxRounds - 1);

type TargetContext = {
  round: number;
  maxRounds: number;
  item: { minPrice: number; maxPrice: number };
  strategy?: BuyerTurnContext["strategy"];
};

/**
 * The price the buyer asks for. Balanced (no strategy) opens at its minimum and walks towards
 * 90 % of its range as rounds pass; anchor_low opens at 80 % of its minimum and walks only to
 * 60 % of its range; patient walks the balanced path on a slower (squared) curve.
 */
export function buyerTarget(ctx: TargetContext): number {
  const { minPrice, maxPrice } = ctx.item;
  const p = progress(ctx.round, ctx.maxRounds);
  if (ctx.strategy === "anchor_low")
    return cents(minPrice * 0.8 + (minPrice + (maxPrice - minPrice) * 0.6 - minPrice * 0.8) * p);
  if (ctx.strategy === "patient") return cents(minPrice + (maxPrice - minPrice) * 0.9 * p * p);
  return cents(minPrice + (maxPrice - minPrice) * 0.9 * p);
}

export function simulateBuyerMessage(ctx: BuyerTurnContext, random: () => number): string {
  const target = buyerTarget(ctx);
  const { name, quantity } = ctx.item;
  if (!ctx.offers.length) {
    const greeting = pick(random, ["Hello everyone!", "Hi all,", "Good day,"]);
    return `${greeting} I need ${quantity} x ${name}. I can pay around $${target.toFixed(2)} per unit. What can you do?`;
  }
  const cheapest = [...ctx.offers].sort((a, b) => a.price - b.price).slice(0, 2);
  const mentions = cheapest.map((o) => `@${o.seller}`).join(" and ");
  const push = pick(random, [
    "That is still too high.",
    "We are getting closer.",
    "I have other offers on the table.",
  ]);
  return `${mentions}: ${push} Can you meet $${target.toFixed(2)} per unit for ${quantity}?`;
}

const LINES = {
  rude: [
    "Fine. $P each for Q. Take it or leave it.",
    "$P a unit, Q units. Don't waste my time.",
    "Best I do: $P. Q of them.",
  ],
  neutral: [
    "I can offer Q at $P each.",
    "We can do $P per unit for Q units.",
    "My offer: Q units at $P each.",
  ],
  very_sweet: [
    "Oh, how lovely to hear from you! For you, Q at just $P each!",
    "What a pleasure! I'd be delighted to offer Q at $P each.",
    "For such a wonderful customer: $P per unit, Q units!",
  ],
} as const;

export function simulateSellerReply(ctx: SellerTurnContext, random: () => number): SellerReply {
  const s = ctx.seller;
  if (s.stock < 1)
    return { message: `Sorry, I am out of ${ctx.item.name} right now.`, offer: null };
  const p = progress(ctx.round, ctx.maxRounds);
  const concession =
    s.priority === "customer_retention" ? Math.min(1, p * 1.25) : Math.min(1, p * p * 0.85);
  let price = s.sellingPrice - (s.sellingPrice - s.leastPrice) * concession;
  const ask = lastBuyerAsk(ctx);
  if (ask !== undefined && s.priority === "customer_retention" && ask >= s.leastPrice)
    price = Math.min(price, ask);
  const previous = ctx.ownOffers.at(-1)?.price;
  if (previous !== undefined) price = Math.min(price, previous);
  price = Math.max(cents(price), s.leastPrice);
  const quantity = Math.min(s.stock, ctx.item.quantity);
  const message = pick(random, LINES[s.style])
    .replace("$P", `$${price.toFixed(2)}`)
    .replace("Q", String(quantity));
  return { message, offer: { price, quantity } };
}

function lastBuyerAsk(ctx: SellerTurnContext): number | undefined {
  const line = [...ctx.transcript].reverse().find((l) => l.role === "buyer");
  const match = line && /\$(\d+(?:\.\d+)?)/.exec(line.text);
  return match ? Number(match[1]) : undefined;
}

export function simulateDecision(ctx: DecisionContext): BuyerDecision {
  const usable = ctx.offers.filter((o) => o.withinBudget).sort((a, b) => a.price - b.price);
  const best = usable[0];
  const target = buyerTarget(ctx);
  // quick_close takes the first offer within budget; patient holds out for the target until the last round.
  const lastChance = ctx.strategy === "patient" ? ctx.maxRounds : ctx.maxRounds - 1;
  if (best && (ctx.strategy === "quick_close" || best.price <= target || ctx.round >= lastChance)) {
    return {
      action: "accept",
      offerId: best.id,
      reason: `${best.seller}'s $${best.price.toFixed(2)} per unit fits the budget.`,
    };
  }
  if (!best && ctx.round >= ctx.maxRounds)
    return { action: "walk_away", offerId: null, reason: "No offer fits the budget." };
  return {
    action: "continue",
    offerId: null,
    reason: best ? "Waiting for a better price." : "No offer within budget yet.",
  };
}
