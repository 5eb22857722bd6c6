import type { PRIORITIES, STYLES } from "@/lib/domain/schemas";

export type Priority = (typeof PRIORITIES)[number];
export type Style = (typeof STYLES)[number];

export const STYLE_GUIDE: Record<Style, string> = {
  rude: "You are curt and impatient. Short sentences, no pleasantries.",
  neutral: "You are polite and businesslike.",
  very_sweet: "You are warm and effusive, and flatter the customer.",
};

export const PRIORITY_GUIDE: Record<Priority, string> = {
  customer_retention: "You value a lasting customer over margin: concede readily, never below your floor.",
  maximize_profit: "You maximise margin: concede slowly and little, never below your floor.",
};
