/**
 * The stand-in provider's "model": it reads the prompt as a real model would (no out-of-band
 * context), negotiates by a fixed rule and writes its answer in a chosen style, the styles real
 * model families produce. Every offer it means is logged, so tests can check that what the
 * room recorded is exactly what the model said.
 */

export type ChatMessage = {
  role: string;
  content: string | Array<{ type: string; text?: string }>;
};

export const ANSWER_STYLES = [
  "plain",
  "think",
  "fence",
  "sentence",
  "price-string",
  "prose",
] as const;
export type AnswerStyle = (typeof ANSWER_STYLES)[number];

/** How a model behaves: its answer style per turn, and sellers whose answers are never usable. */
export type Persona = {
  style: (turn: { seller?: string; round: number; task: "seller" | "decision" }) => AnswerStyle;
  /** Answers unusable on the first try and fixed when told what was wrong (one repair). */
  needsRepair?: (turn: { seller?: string; round: number }) => boolean;
  /** Answers that stay unusable even after the repair request. */
  hopeless?: (seller: string) => boolean;
};

export type Intended =
  | {
      kind: "offer";
      seller: string;
      round: number;
      price: number;
      quantity: number;
      style: AnswerStyle;
    }
  | { kind: "decision"; round: number; action: string; offerId?: string };

const text = (m: ChatMessage) =>
  typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("");
const num = (pattern: RegExp, source: string) => Number(pattern.exec(source)?.[1]);
const cents = (v: number) => Math.round(v * 100) / 100;
const withCommas = (v: number) =>
  v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function sellerAnswer(
  message: string,
  price: number,
  quantity: number,
  style: AnswerStyle,
): string {
  const json = (p: unknown) =>
    JSON.stringify({ message, offer: { price: p, quantity, conditions: null } });
  switch (style) {
    case "plain":
      return json(price);
    case "think":
      return `<think>My floor is secret. ${quantity} units, I will ask ${price}.</think>\n${json(price)}`;
    case "fence":
      return (
        "```json\n" +
        JSON.stringify({ message, offer: { price, quantity, conditions: null } }, null, 2) +
        "\n```"
      );
    case "sentence":
      return `Here is my reply as JSON: ${json(price)}`;
    case "price-string":
      return json(`$${withCommas(price)}`);
    case "prose":
      return `I can offer ${quantity} units at $${withCommas(price)} each.`;
  }
}

function decisionAnswer(action: string, offerId: string | undefined, style: AnswerStyle): string {
  const json = JSON.stringify({
    action,
    offerId: offerId ?? null,
    reason: action === "accept" ? "It fits my budget." : "Still waiting for better prices.",
  });
  if (style === "prose")
    return action === "accept"
      ? `I accept ${offerId}, it fits my budget.`
      : "Let's continue negotiating, the prices are still high.";
  if (style === "fence") return "```json\n" + json + "\n```";
  if (style === "think") return `<think>Comparing offers.</think>${json}`;
  if (style === "sentence") return `My decision: ${json}`;
  return json;
}

/** One answer to a chat request; `log` receives the offer or decision the model meant. */
export function answer(
  messages: ChatMessage[],
  persona: Persona,
  log: (entry: Intended) => void,
): string {
  const system = messages
    .filter((m) => m.role === "system")
    .map(text)
    .join("\n");
  const users = messages.filter((m) => m.role === "user").map(text);
  const prompt = users[0] ?? "";
  const repairing = users.length > 1 && /could not be used/.test(users.at(-1)!);
  const round = num(/Round (\d+) of/, prompt);
  const maxRounds = num(/Round \d+ of (\d+)/, prompt);

  const seller = /You are (\S+), a seller of/.exec(system)?.[1];
  if (seller) {
    if (persona.hopeless?.(seller))
      return repairing
        ? '{"message": "Trust me.", "offer": {"price": "the usual", "quantity": 2}}'
        : '{"message": "A fair price.", "offer": {"price": "a fair one", "quantity": 2}}';
    if (!repairing && persona.needsRepair?.({ seller, round }))
      return '{"message": "Good price!", "offer": {"price": "very competitive", "quantity": 2, "conditions": null}}';
    const list = num(/list price is \$([\d.]+)/, system);
    const floor = num(/floor \(never go below\) \$([\d.]+)/, system);
    const stock = num(/you have (\d+) in stock/, system);
    const wanted = num(/The buyer wants (\d+)/, prompt);
    const progress = maxRounds <= 1 ? 1 : (round - 1) / (maxRounds - 1);
    const price = Math.max(floor, cents(list - (list - floor) * progress));
    const quantity = Math.min(stock, wanted);
    const style = repairing ? "plain" : persona.style({ seller, round, task: "seller" });
    log({ kind: "offer", seller, round, price, quantity, style });
    return sellerAnswer(
      `I can offer ${quantity} units at $${price.toFixed(2)} each.`,
      price,
      quantity,
      style,
    );
  }

  if (/deciding whether to accept/.test(system)) {
    const maxPrice = num(/budget at most \$([\d.]+)/, system);
    const offers = [...prompt.matchAll(/^- (r\d+-\S+): (\S+) \$([\d.]+) x (\d+)(.*)$/gm)].map(
      (m) => ({ id: m[1]!, price: Number(m[3]), fits: !m[5]!.includes("over budget") }),
    );
    const best = offers
      .filter((o) => o.fits && o.price <= maxPrice)
      .sort((a, b) => a.price - b.price)[0];
    const action = best && (round >= 3 || round >= maxRounds) ? "accept" : "continue";
    log({ kind: "decision", round, action, ...(action === "accept" && { offerId: best!.id }) });
    return decisionAnswer(
      action,
      action === "accept" ? best!.id : undefined,
      repairing ? "plain" : persona.style({ round, task: "decision" }),
    );
  }

  // A connection test asks for {"ok": true}; a model that follows instructions answers just that.
  if (/connection test/i.test(system)) return '{"ok": true}';

  const quantity = num(/negotiating for (\d+) x/, system);
  return `Hello everyone, I need ${quantity} units. What is your best price per unit?`;
}
