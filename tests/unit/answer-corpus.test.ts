import { describe, expect, it } from "vitest";
import { parseSellerReply } from "@/lib/ai/answer-parsing";
import { readPrice } from "@/lib/ai/prices";
import { MODEL_ANSWERS } from "./support/model-answers";
import { scoreCorpus } from "./support/score-answers";

describe("the model-answer corpus", () => {
  it("holds at least 40 answers across the common model families", () => {
    expect(MODEL_ANSWERS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(MODEL_ANSWERS.map((a) => a.family))).toEqual(
      new Set(["gpt", "llama", "qwen", "deepseek-r1", "mistral", "phi", "gemma", "any"]),
    );
  });

  it("no answer yields a wrong price, quantity or decision, and every unusable one is refused", () => {
    const wrong = scoreCorpus().scored.filter((s) => s.verdict === "wrong");
    expect(wrong.map((s) => `${s.family}/${s.style}: ${JSON.stringify(s.got)}`)).toEqual([]);
  });

  it.each(MODEL_ANSWERS.map((a) => [`${a.family} / ${a.style}`, a] as const))(
    "%s",
    (_name, entry) => {
      const { scored } = scoreCorpus([entry]);
      expect({ verdict: scored[0]!.verdict, got: scored[0]!.got }).toMatchObject({
        verdict: "correct",
      });
    },
  );
});

describe("prices are read, never guessed", () => {
  it.each([
    ["$1,299.00", 1299],
    ["1 299,50 €", 1299.5],
    ["900", 900],
    [" USD 45.5 ", 45.5],
  ] as const)("%s ⇒ %s", (raw, value) => expect(readPrice(raw)).toBe(value));

  it.each(["1.500", "900-950", "~900", "nine hundred", "$", "", "9OO", "1,5,0"])(
    "%s ⇒ no price",
    (raw) => expect(readPrice(raw)).toBeUndefined(),
  );

  it("an offer whose price cannot be read is not an offer with some other price", () => {
    expect(
      parseSellerReply('{"message":"m","offer":{"price":"call me","quantity":2}}'),
    ).toMatchObject({ ok: false, cause: "unparseable_price" });
  });
});
