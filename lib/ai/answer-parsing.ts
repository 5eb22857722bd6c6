import "server-only";
import type { BuyerDecision, SellerReply } from "@/lib/engine/prompts";
import { extractJsonObject, withoutReasoning } from "./json-extract";
import { readPrice, readProseOffer, readQuantity } from "./prices";

/** Why an answer could not be used: one Sentry issue per cause. */
export type ParseCause =
  | "empty"
  | "invalid_json"
  | "ambiguous_json"
  | "schema_mismatch"
  | "unparseable_price"
  | "ambiguous_price"
  | "invalid_quantity"
  | "missing_quantity"
  | "unknown_offer"
  | "unclear_decision";

export type Parsed<T> = { ok: true; value: T } | { ok: false; cause: ParseCause; message: string };

const fail = (cause: ParseCause, message: string): Parsed<never> => ({ ok: false, cause, message });
const MAX_MESSAGE = 2_000;
const MAX_CONDITIONS = 500;

/** What the model wrote, short: it goes back to the model and into the error, never at length. */
const shown = (value: unknown) => {
  const text = JSON.stringify(value ?? null);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};
const firstString = (obj: Record<string, unknown>, keys: string[]) =>
  keys
    .map((k) => obj[k])
    .find((v): v is string => typeof v === "string" && v.trim() !== "")
    ?.trim();
const isNone = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === false ||
  (typeof value === "string" && /^(none|null|n\/a|)$/i.test(value.trim()));

function offerFrom(raw: unknown): Parsed<SellerReply["offer"]> {
  if (isNone(raw)) return { ok: true, value: null };
  if (typeof raw !== "object" || Array.isArray(raw))
    return fail(
      "schema_mismatch",
      '"offer" must be an object with "price" and "quantity", or null',
    );
  const offer = raw as Record<string, unknown>;
  const rawPrice =
    offer.price ??
    offer.unit_price ??
    offer.unitPrice ??
    offer.price_per_unit ??
    offer.pricePerUnit;
  const price = readPrice(rawPrice);
  if (price === undefined)
    return fail(
      "unparseable_price",
      `"offer.price" must be a plain number per unit (got ${shown(rawPrice)})`,
    );
  const rawQuantity = offer.quantity ?? offer.qty ?? offer.units;
  const quantity = readQuantity(rawQuantity);
  if (quantity === undefined)
    return fail(
      "invalid_quantity",
      `"offer.quantity" must be a whole number (got ${shown(rawQuantity)})`,
    );
  const conditions = offer.conditions;
  if (!isNone(conditions) && typeof conditions !== "string")
    return fail("schema_mismatch", '"offer.conditions" must be a string or null');
  if (typeof conditions === "string" && conditions.length > MAX_CONDITIONS)
    return fail(
      "schema_mismatch",
      `"offer.conditions" must be at most ${MAX_CONDITIONS} characters`,
    );
  return {
    ok: true,
    value: {
      price,
      quantity,
      ...(typeof conditions === "string" && conditions.trim() && { conditions: conditions.trim() }),
    },
  };
}

/**
 * A seller's answer, from strict JSON to prose. The price is read, never guessed: an offer
 * whose price cannot be read is a failure (the caller repairs once), not an offer.
 */
export function parseSellerReply(text: string): Parsed<SellerReply> {
  const cleaned = withoutReasoning(text);
  if (!cleaned) return fail("empty", "The answer was empty");
  const found = extractJsonObject(cleaned);
  if (found.kind === "invalid")
    return fail("invalid_json", "The JSON object in the answer does not parse");
  if (found.kind === "ambiguous")
    return fail("ambiguous_json", "The answer holds more than one different JSON object");
  if (found.kind === "object") {
    const obj = found.value;
    const message = firstString(obj, ["message", "text", "reply", "response", "content"]);
    if (!message) return fail("schema_mismatch", '"message" must be a non-empty string');
    if (message.length > MAX_MESSAGE)
      return fail("schema_mismatch", `"message" must be at most ${MAX_MESSAGE} characters`);
    const flat =
      obj.offer === undefined && obj.price !== undefined
        ? { price: obj.price, quantity: obj.quantity, conditions: obj.conditions }
        : obj.offer;
    const offer = offerFrom(flat);
    return offer.ok ? { ok: true, value: { message, offer: offer.value } } : offer;
  }
  if (cleaned.length > MAX_MESSAGE)
    return fail("schema_mismatch", `The message must be at most ${MAX_MESSAGE} characters`);
  const prose = readProseOffer(cleaned);
  switch (prose.kind) {
    case "none":
      return { ok: true, value: { message: cleaned, offer: null } };
    case "offer":
      return {
        ok: true,
        value: { message: cleaned, offer: { price: prose.price, quantity: prose.quantity } },
      };
    case "no_quantity":
      return fail("missing_quantity", "The answer names a price but no quantity");
    case "ambiguous":
      return fail(
        prose.what === "price" ? "ambiguous_price" : "invalid_quantity",
        `The answer names more than one ${prose.what}; state exactly one offer`,
      );
  }
}

type OfferRef = { id: string; seller: string };

const ACTIONS: Record<string, BuyerDecision["action"]> = {
  accept: "accept",
  accepted: "accept",
  deal: "accept",
  continue: "continue",
  counter: "continue",
  negotiate: "continue",
  wait: "continue",
  walk_away: "walk_away",
  walkaway: "walk_away",
  walk: "walk_away",
  no_deal: "walk_away",
  reject: "walk_away",
  decline: "walk_away",
};

function offerIdFor(raw: unknown, offers: OfferRef[]): string | undefined {
  if (typeof raw !== "string") return undefined;
  const wanted = raw.trim().toLowerCase();
  const byId = offers.find((o) => o.id.toLowerCase() === wanted);
  if (byId) return byId.id;
  const bySeller = offers.filter((o) => o.seller.toLowerCase() === wanted);
  return bySeller.length === 1 ? bySeller[0]!.id : undefined;
}

function proseDecision(text: string, offers: OfferRef[]): Parsed<BuyerDecision> {
  const lower = text.toLowerCase();
  const negated =
    /\b(?:not|never|cannot|can't|won't|don't|do not|will not)\s+(?:yet\s+)?accept/.test(lower);
  const accepts =
    !negated &&
    /\b(?:i accept|accept(?:ing)? (?:the |this |that )?(?:offer|deal)?|i'll take|i will take|we have a deal)\b/.test(
      lower,
    );
  const walks = /\bwalk(?:ing)? away\b|\bno deal\b/.test(lower);
  const continues =
    /\bcontinue\b|\bkeep negotiating\b|\bcounter\b|\bnot yet\b/.test(lower) || negated;
  const named = offers.filter((o) => lower.includes(o.id.toLowerCase()));
  const reason = text.slice(0, 1_000);
  if ([accepts, walks, continues].filter(Boolean).length !== 1)
    return fail("unclear_decision", 'Say exactly one of "accept", "continue" or "walk_away"');
  if (walks) return { ok: true, value: { action: "walk_away", offerId: null, reason } };
  if (continues) return { ok: true, value: { action: "continue", offerId: null, reason } };
  if (named.length !== 1)
    return fail("unknown_offer", "Name exactly one current offer id to accept");
  return { ok: true, value: { action: "accept", offerId: named[0]!.id, reason } };
}

/** The buyer's decision; accepting needs one current offer, named by id (or by its seller). */
export function parseDecision(text: string, offers: OfferRef[]): Parsed<BuyerDecision> {
  const cleaned = withoutReasoning(text);
  if (!cleaned) return fail("empty", "The answer was empty");
  const found = extractJsonObject(cleaned);
  if (found.kind === "invalid")
    return fail("invalid_json", "The JSON object in the answer does not parse");
  if (found.kind === "ambiguous")
    return fail("ambiguous_json", "The answer holds more than one different JSON object");
  if (found.kind === "none") return proseDecision(cleaned, offers);
  const obj = found.value;
  const rawAction = firstString(obj, ["action", "decision"]);
  const action = rawAction ? ACTIONS[rawAction.toLowerCase().replace(/[\s-]+/g, "_")] : undefined;
  if (!action)
    return fail("schema_mismatch", '"action" must be one of "accept", "continue", "walk_away"');
  const reason = (
    firstString(obj, ["reason", "message", "explanation"]) ?? "No reason given."
  ).slice(0, 1_000);
  if (action !== "accept") return { ok: true, value: { action, offerId: null, reason } };
  const rawId = obj.offerId ?? obj.offer_id ?? obj.offer;
  const offerId = offerIdFor(rawId, offers);
  if (!offerId)
    return fail(
      "unknown_offer",
      `"offerId" must be one of ${offers.map((o) => o.id).join(", ") || "(no current offers)"} (got ${shown(rawId)})`,
    );
  return { ok: true, value: { action, offerId, reason } };
}

/** The buyer's message is free text; only an empty one is unusable. */
export function parseBuyerMessage(text: string): Parsed<string> {
  const cleaned = withoutReasoning(text);
  if (!cleaned) return fail("empty", "The message was empty");
  return { ok: true, value: cleaned };
}
