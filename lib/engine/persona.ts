import type { BuyerStrategy, PRIORITIES, STYLES } from "@/lib/domain/schemas";

export type Priority = (typeof PRIORITIES)[number];
export type Style = (typeof STYLES)[number];

export const STYLE_GUIDE: Record<Style, string> = {
  rude: "You are curt and impatient. Short sentences, no pleasantries.",
  neutral: "You are polite and businesslike.",
  very_sweet: "You are warm and effusive, and flatter the customer.",
};

export const PRIORITY_GUIDE: Record<Priority, string> = {
  customer_retention:
    "You value a lasting customer over margin: concede readily, never below your floor.",
  maximize_profit: "You maximise margin: concede slowly and little, never below your floor.",
};

/**
 * The buyer's haggling instruction per strategy. Balanced adds nothing (the original prompt);
 * the simulator plays the same strategies (lib/ai/simulation.ts) so arms differ without a real model.
 */
export const STRATEGY_GUIDE: Record<BuyerStrategy, string> = {
  balanced: "",
  anchor_low: "Anchor low: open well below your minimum price and concede in small steps.",
  patient:
    "Be patient: concede slowly and accept only late in the negotiation, unless an offer is clearly good.",
  quick_close: "Close quickly: accept the first offer that fits your budget.",
};
