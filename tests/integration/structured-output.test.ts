import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgents } from "@/lib/ai/agents";
import { DEFAULT_OUTPUT_MODES, wireJsonSchema } from "@/lib/ai/output-mode";
import { languageModelFor } from "@/lib/ai/providers";
import type { LlmSettings } from "@/lib/domain/schemas";
import { decisionContext, sellerTurnContext } from "@/lib/engine/contexts";
import { decisionSchema, renderPrompt, sellerReplySchema } from "@/lib/engine/prompts";
import { startStandIn, type StandIn } from "../shared/openai-stand-in";
import { strictSchemaViolations } from "../shared/strict-schema";
import { configWith } from "../shared/sample-config";
import { memoryCommit, setupFor } from "../shared/engine-harness";

const plain = { style: () => "plain" as const };
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startStandIn({
    "gpt-like": { accepts: "schema", persona: plain },
    "json-only": { accepts: "json", persona: { style: () => "price-string" } },
    "prompt-only": {
      accepts: "prompt",
      persona: { style: ({ round }) => (round % 2 ? "prose" : "fence") },
    },
    "needs-repair": {
      accepts: "prompt",
      persona: { style: () => "think", needsRepair: () => true },
    },
    hopeless: { accepts: "prompt", persona: { style: () => "plain", hopeless: () => true } },
    "bad-decider": {
      accepts: "schema",
      persona: plain,
      respond: (messages) =>
        messages.length > 2
          ? '{"action":"continue","offerId":null,"reason":"Waiting."}'
          : '{"action":"accept","offerId":"r1-Nobody","reason":"Looks good."}',
    },
  });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const room = (round = 1) => ({ ...memoryCommit(setupFor(configWith())).state, round });

function agentsFor(overrides: Partial<LlmSettings>) {
  const llm: LlmSettings = {
    provider: "openai",
    model: "gpt-like",
    temperature: 0,
    maxTokens: 200,
    maxRounds: 6,
    baseUrl: standIn.url,
    apiKey: "sk-test",
    timeoutMs: 2_000,
    maxRetries: 0,
    ...overrides,
  };
  return createAgents({
    llm,
    model: languageModelFor(llm),
    signal: new AbortController().signal,
    ids: { roomId: "n1", episodeId: "s1" },
  });
}

describe("1. the structured-output schemas stay in the strict subset", () => {
  it.each([
    ["seller reply", sellerReplySchema],
    ["decision", decisionSchema],
  ] as const)("the %s schema breaks no rule", async (_name, schema) => {
    expect(strictSchemaViolations(await wireJsonSchema(schema))).toEqual([]);
  });

  it("the checker catches what strict providers refuse (optional fields, lengths, integers' bounds)", async () => {
    const before = z.object({
      message: z.string().min(1).max(2_000),
      offer: z.object({ price: z.number(), quantity: z.number().int() }).nullable().optional(),
    });
    const problems = strictSchemaViolations(await wireJsonSchema(before));
    expect(problems).toEqual(
      expect.arrayContaining([
        "In context=('properties', 'message'), 'minLength' is not permitted.",
        "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'offer'.",
        expect.stringMatching(/'(minimum|maximum)' is not permitted/),
      ]),
    );
  });
});

describe("2. the structured-output mode per provider", () => {
  it("defaults: schema for OpenAI and LM Studio, JSON mode for Ollama and OpenRouter", () => {
    expect(DEFAULT_OUTPUT_MODES).toMatchObject({
      openai: "schema",
      lmstudio: "schema",
      ollama: "json",
      openrouter: "json",
    });
  });

  it("schema mode sends a strict json_schema the OpenAI-like stand-in accepts", async () => {
    await expect(agentsFor({}).sellerReply(sellerTurnContext(room(), "TechHub"))).resolves.toEqual({
      message: "I can offer 2 units at $1100.00 each.",
      offer: { price: 1100, quantity: 2 },
    });
    expect(standIn.requests).toHaveLength(1);
    expect(standIn.requests[0]).toMatchObject({
      status: 200,
      responseFormat: { type: "json_schema", json_schema: { name: "seller_reply", strict: true } },
    });
  });

  it("a schema outside the subset is refused with OpenAI's 400, and the turn fails as unavailable", async () => {
    const response = await fetch(`${standIn.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({
        model: "gpt-like",
        messages: [{ role: "user", content: "hi" }],
        response_format: {
          type: "json_schema",
          json_schema: {
            name: "r",
            strict: true,
            schema: {
              type: "object",
              properties: { a: { type: "string", maxLength: 5 } },
              required: ["a"],
              additionalProperties: false,
            },
          },
        },
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message:
          "Invalid schema for response_format 'r': In context=('properties', 'a'), 'maxLength' is not permitted.",
        type: "invalid_request_error",
        param: "response_format",
        code: null,
      },
    });
  });

  it("JSON mode sends json_object (our prompt says JSON, as OpenAI requires) and reads the loose JSON back", async () => {
    await expect(
      agentsFor({ provider: "ollama", model: "json-only" }).sellerReply(
        sellerTurnContext(room(), "TechHub"),
      ),
    ).resolves.toMatchObject({ offer: { price: 1100, quantity: 2 } });
    expect(standIn.requests.map((r) => [r.status, r.responseFormat])).toEqual([
      [200, { type: "json_object" }],
    ]);
    const without = await fetch(`${standIn.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({
        model: "gpt-like",
        messages: [{ role: "user", content: "hi" }],
        response_format: { type: "json_object" },
      }),
    });
    expect((await without.json()).error.message).toBe(
      "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
    );
  });

  it("a JSON-only model refuses schema mode: LLM_UNAVAILABLE with the provider's words, no retry", async () => {
    await expect(
      agentsFor({ model: "json-only", outputMode: "schema" }).sellerReply(
        sellerTurnContext(room(), "TechHub"),
      ),
    ).rejects.toMatchObject({
      code: "LLM_UNAVAILABLE",
      message: expect.stringContaining("This response_format type is unavailable now"),
    });
    expect(standIn.requests).toHaveLength(1);
  });

  it("prompt-only sends no response_format and reads prose and fenced answers", async () => {
    const agents = agentsFor({ model: "prompt-only", outputMode: "prompt" });
    await expect(agents.sellerReply(sellerTurnContext(room(1), "TechHub"))).resolves.toMatchObject({
      offer: { price: 1100, quantity: 2 },
    });
    await expect(
      agents.sellerReply(sellerTurnContext(room(2), "GadgetWorld")),
    ).resolves.toMatchObject({ offer: { price: 996, quantity: 2 } });
    expect(standIn.requests.every((r) => r.status === 200 && r.responseFormat === undefined)).toBe(
      true,
    );
  });
});

describe("3. one repair attempt, then LLM_BAD_RESPONSE with its cause", () => {
  it("feeds the validation error back once and uses the repaired answer", async () => {
    await expect(
      agentsFor({ model: "needs-repair", outputMode: "prompt" }).sellerReply(
        sellerTurnContext(room(), "TechHub"),
      ),
    ).resolves.toMatchObject({ offer: { price: 1100, quantity: 2 } });
    expect(standIn.requests).toHaveLength(2);
    const repair = standIn.requests[1]!.messages.at(-1)!;
    expect(repair.role).toBe("user");
    expect(String(repair.content)).toContain(
      'Your answer could not be used: "offer.price" must be a plain number per unit (got "very competitive")',
    );
  });

  it("an answer still unusable after the repair fails the turn, never with a guessed price", async () => {
    await expect(
      agentsFor({ model: "hopeless", outputMode: "prompt" }).sellerReply(
        sellerTurnContext(room(), "TechHub"),
      ),
    ).rejects.toMatchObject({
      code: "LLM_BAD_RESPONSE",
      details: { cause: "unparseable_price", attempts: 2 },
    });
    expect(standIn.requests).toHaveLength(2);
  });

  it("a decision naming no current offer is repaired, not accepted", async () => {
    await expect(
      agentsFor({ model: "bad-decider" }).buyerDecision(decisionContext(room(3))),
    ).resolves.toEqual({ action: "continue", offerId: null, reason: "Waiting." });
    expect(standIn.requests).toHaveLength(2);
    expect(String(standIn.requests[1]!.messages.at(-1)!.content)).toContain(
      '"offerId" must be one of (no current offers) (got "r1-Nobody")',
    );
  });
});

describe("5. prompts carry no simulator context", () => {
  it("no <mams-context> block reaches a provider, and the prompt states the JSON shape", () => {
    const prompt = renderPrompt(sellerTurnContext(room(), "TechHub"));
    expect(JSON.stringify(prompt)).not.toContain("mams-context");
    expect(prompt.system).toContain("JSON object");
  });

  it("nothing of the agent context is sent to a real provider", async () => {
    await agentsFor({}).sellerReply(sellerTurnContext(room(), "TechHub"));
    const sent = JSON.stringify(standIn.requests[0]);
    expect(sent).not.toContain("mams");
    expect(sent).not.toContain("costPrice");
  });
});
