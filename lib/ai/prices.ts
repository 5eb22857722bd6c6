import "server-only";
/**
 * Reading a price or a quantity the way a person would, and refusing whenever a person would
 * have to guess: "1.500" (1.5 or 1500?), "900-950", "about nine hundred" give no number.
 */

const CURRENCY = /^(?:us\$|usd|eur|gbp|\$|€|£)\s*|\s*(?:usd|eur|gbp|dollars?|euros?|\$|€|£)$/i;
const UNIT_SUFFIX =
  /\s*(?:\/\s*(?:unit|ea|each|pc|piece|item)|(?:per|a|an)\s+(?:unit|piece|item|laptop)|each|apiece|ea\.?)$/i;

/** A price as a finite number, or undefined when it cannot be read without guessing. */
export function readPrice(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  let s = value.trim().toLowerCase();
  for (let i = 0; i < 3; i++) s = s.replace(UNIT_SUFFIX, "").replace(CURRENCY, "").trim();
  let multiplier = 1;
  if (/^\d+(?:\.\d+)?k$/.test(s)) {
    multiplier = 1000;
    s = s.slice(0, -1);
  }
  let normalised: string | undefined;
  if (/^\d+(?:\.\d+)?$/.test(s) && !/^\d{1,3}\.\d{3}$/.test(s)) normalised = s;
  else if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s)) normalised = s.replace(/,/g, "");
  else if (/^\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?$/.test(s))
    normalised = s.replace(/ /g, "").replace(",", ".");
  else if (/^\d{1,3}(?:\.\d{3})+,\d{1,2}$/.test(s))
    normalised = s.replace(/\./g, "").replace(",", ".");
  else if (/^\d+,\d{1,2}$/.test(s)) normalised = s.replace(",", ".");
  if (normalised === undefined) return undefined;
  const number = Number(normalised) * multiplier;
  return Number.isFinite(number) ? Math.round(number * 100) / 100 : undefined;
}

/** A whole number of units, from 3, "3", "3 units" or "3 pcs"; anything else is undefined. */
export function readQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^(\d{1,9})(?:\s*(?:units?|pcs|pieces?|items?|x))?$/i.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}

const NUM = String.raw`\d{1,3}(?:[,. ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d+)?`;
const MONEY = new RegExp(
  String.raw`(?:us\$|\$|€|£)\s?(${NUM})(k\b)?|\b(${NUM})(k\b)?\s?(?:dollars|usd|eur|euros)\b|\b(${NUM})\s*(?=(?:each|per unit|a unit|apiece|\/unit|per piece)\b)`,
  "gi",
);
const NOT_UNITS = String.raw`(?!\s*(?:%|\$|dollars|months?|years?|days?|weeks?|hours?|minutes?))`;
const QUANTITY = new RegExp(
  [
    String.raw`\b(\d{1,6})\s*(?:x\b|×|units?\b|pieces?\b|pcs\b|items?\b|of them\b)`,
    String.raw`(?:\bx|×)\s*(\d{1,6})\b`,
    String.raw`\bfor (?:all |the )?(\d{1,6})\b${NOT_UNITS}`,
    String.raw`\b(\d{1,6})\s+(?:[a-z]+s\s+)?(?:at|@)\s*(?:us\$|\$|€|£)`,
  ].join("|"),
  "gi",
);

export type ProseOffer =
  | { kind: "offer"; price: number; quantity: number }
  | { kind: "none" }
  | { kind: "ambiguous"; what: "price" | "quantity" }
  | { kind: "no_quantity" };

/**
 * An offer stated in plain prose ("2 units at $900 each"). One unit price or nothing: several
 * different amounts (other than a matching total) are ambiguous, never a pick.
 */
export function readProseOffer(text: string): ProseOffer {
  const amounts = new Set<number>();
  for (const m of text.matchAll(MONEY)) {
    const raw = (m[1] ?? m[3] ?? m[5] ?? "").trim();
    const price = readPrice(raw + (m[2] ?? m[4] ?? ""));
    if (price === undefined) return { kind: "ambiguous", what: "price" };
    amounts.add(price);
  }
  const quantities = new Set<number>();
  for (const m of text.matchAll(QUANTITY)) quantities.add(Number(m[1] ?? m[2] ?? m[3] ?? m[4]));
  for (const price of amounts) quantities.delete(price);
  if (!amounts.size) return { kind: "none" };
  if (quantities.size > 1) return { kind: "ambiguous", what: "quantity" };
  const quantity = [...quantities][0];
  let prices = [...amounts];
  if (prices.length > 1 && quantity !== undefined) {
    // "2 at $900 each, $1,800 in total": the total is not a second price.
    prices = prices.filter(
      (p) => !prices.some((unit) => unit !== p && Math.abs(unit * quantity - p) < 0.01),
    );
  }
  if (prices.length !== 1) return { kind: "ambiguous", what: "price" };
  if (quantity === undefined) return { kind: "no_quantity" };
  return { kind: "offer", price: prices[0]!, quantity };
}
