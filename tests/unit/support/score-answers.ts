import { parseDecision, parseSellerReply } from "../../../lib/ai/answer-parsing";
import { DECISION_OFFERS, MODEL_ANSWERS, type CorpusEntry } from "./model-answers";

/** correct: what it must yield; missed: refused though usable (costs a repair, never a wrong deal); wrong: anything else. */
export type Verdict = "correct" | "missed" | "wrong";

export type Scored = CorpusEntry & { verdict: Verdict; got: unknown };

function yielded(entry: CorpusEntry) {
  if (entry.task === "seller_reply") {
    const parsed = parseSellerReply(entry.text);
    return parsed.ok
      ? {
          offer: parsed.value.offer
            ? { price: parsed.value.offer.price, quantity: parsed.value.offer.quantity }
            : null,
        }
      : { reject: parsed.cause };
  }
  const parsed = parseDecision(entry.text, DECISION_OFFERS);
  return parsed.ok
    ? {
        action: parsed.value.action,
        ...(parsed.value.offerId && { offerId: parsed.value.offerId }),
      }
    : { reject: parsed.cause };
}

export function scoreEntry(entry: CorpusEntry): Scored {
  const got = yielded(entry);
  const expected = entry.expect;
  let verdict: Verdict;
  if ("reject" in got) verdict = "reject" in expected ? "correct" : "missed";
  else if ("reject" in expected) verdict = "wrong";
  else verdict = JSON.stringify(got) === JSON.stringify(expected) ? "correct" : "wrong";
  return { ...entry, verdict, got };
}

export function scoreCorpus(entries: CorpusEntry[] = MODEL_ANSWERS) {
  const scored = entries.map(scoreEntry);
  const count = (v: Verdict) => scored.filter((s) => s.verdict === v).length;
  const usable = entries.filter((e) => !("reject" in e.expect)).length;
  const parsedUsable = scored.filter(
    (s) => !("reject" in s.expect) && s.verdict === "correct",
  ).length;
  return {
    scored,
    total: scored.length,
    correct: count("correct"),
    missed: count("missed"),
    wrong: count("wrong"),
    usable,
    parseRate: usable ? parsedUsable / usable : 1,
  };
}
