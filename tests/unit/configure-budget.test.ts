import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LlmSection } from "@/components/new-episode/llm-section";
import { BuyerSection } from "@/components/new-episode/buyer-section";
import { validate } from "@/lib/client/form-state";
import { crossFieldIssues, episodeConfigSchema } from "@/lib/domain/schemas";
import { configWith } from "../shared/sample-config";

const llmHtml = (config: ReturnType<typeof configWith>, errors: Record<string, string> = {}) =>
  renderToStaticMarkup(createElement(LlmSection, { llm: config.llm, errors, onChange: () => {} }));

describe("episode budget in the configure form", () => {
  it("has a budget field for every provider, empty meaning no limit, showing the stored value", () => {
    for (const provider of ["simulated", "openai"] as const) {
      expect(llmHtml(configWith({ provider }))).toMatch(
        /<input[^>]*id="llm-budgetUsd"[^>]*data-testid="llm-budgetUsd"[^>]*value=""/,
      );
    }
    expect(llmHtml(configWith({ budgetUsd: 2.5 }))).toMatch(
      /data-testid="llm-budgetUsd"[^>]*value="2.5"/,
    );
  });

  it("validates inline like the other numeric fields: the schema's message under the field, the input marked invalid", () => {
    for (const [budgetUsd, message] of [
      [-1, "Must be 0 or more"],
      [Number.NaN, "Must be a number"],
    ] as const) {
      const { errors } = validate(episodeConfigSchema, configWith({ budgetUsd }), crossFieldIssues);
      expect(errors["llm.budgetUsd"]).toBe(message);
      const html = llmHtml(configWith({ budgetUsd }), errors);
      expect(html).toMatch(
        /<input[^>]*id="llm-budgetUsd"[^>]*aria-invalid="true"[^>]*aria-describedby="llm-budgetUsd-error"/,
      );
      expect(html).toContain(
        `id="llm-budgetUsd-error" role="alert" class="text-xs text-red-700 dark:text-red-400" data-testid="field-error">${message}`,
      );
    }
    expect(
      validate(episodeConfigSchema, configWith({ budgetUsd: 3 }), crossFieldIssues).errors,
    ).toEqual({});
  });

  it("the buyer section offers the strategies, balanced when unset", () => {
    const buyer = configWith().buyer;
    const html = renderToStaticMarkup(
      createElement(BuyerSection, { buyer, errors: {}, onChange: () => {} }),
    );
    expect(html).toMatch(/data-testid="buyer-strategy"/);
    for (const s of ["balanced", "anchor_low", "patient", "quick_close"])
      expect(html).toContain(`<option${s === "balanced" ? ' selected=""' : ""}>${s}</option>`);
  });
});
