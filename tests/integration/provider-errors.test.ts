import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgents } from "@/lib/ai/agents";
import { languageModelFor } from "@/lib/ai/providers";
import type { LlmSettings } from "@/lib/domain/schemas";
import { buyerTurnContext, sellerTurnContext } from "@/lib/engine/contexts";
import { configWith } from "../shared/sample-config";
import { memoryCommit, setupFor } from "../shared/engine-harness";

type Behaviour = (
  request: http.IncomingMessage,
  response: http.ServerResponse,
  attempt: number,
) => void;

const completion = (content: string) =>
  JSON.stringify({
    id: "c1",
    object: "chat.completion",
    created: 1,
    model: "m",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  });

let server: http.Server;
let baseUrl: string;
let behaviour: Behaviour = () => {};
let attempts = 0;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => behaviour(request, response, ++attempts));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const room = () => {
  const mem = memoryCommit(setupFor(configWith()));
  return { ...mem.state, round: 1 };
};

function agentsFor(overrides: Partial<LlmSettings>, signal = new AbortController().signal) {
  const llm: LlmSettings = {
    provider: "openai",
    model: "m",
    temperature: 0,
    maxTokens: 100,
    maxRounds: 3,
    baseUrl,
    apiKey: "sk-test",
    timeoutMs: 400,
    maxRetries: 1,
    ...overrides,
  };
  attempts = 0;
  return createAgents({
    llm,
    model: languageModelFor(llm),
    signal,
    ids: { roomId: "n1", episodeId: "s1" },
    retry: { baseDelayMs: 10, random: () => 0.5 },
  });
}

describe("OpenAI-compatible provider failures map to domain errors", () => {
  it("a model that never answers times out per attempt, retries, then LLM_TIMEOUT", async () => {
    behaviour = () => {}; // hang
    await expect(agentsFor({}).buyerMessage(buyerTurnContext(room()))).rejects.toMatchObject({
      code: "LLM_TIMEOUT",
    });
    expect(attempts).toBe(2);
  });

  it("a refused connection is retried, then LLM_UNAVAILABLE", async () => {
    const agents = agentsFor({ baseUrl: "http://127.0.0.1:1/v1" });
    await expect(agents.buyerMessage(buyerTurnContext(room()))).rejects.toMatchObject({
      code: "LLM_UNAVAILABLE",
    });
  });

  it("HTTP 500 is retried up to the bound, then LLM_UNAVAILABLE", async () => {
    behaviour = (_req, res) =>
      res
        .writeHead(500, { "content-type": "application/json" })
        .end('{"error":{"message":"boom"}}');
    await expect(
      agentsFor({ maxRetries: 2 }).buyerMessage(buyerTurnContext(room())),
    ).rejects.toMatchObject({ code: "LLM_UNAVAILABLE" });
    expect(attempts).toBe(3);
  });

  it("HTTP 429 waits for Retry-After, then succeeds", async () => {
    behaviour = (_req, res, attempt) =>
      attempt === 1
        ? res
            .writeHead(429, { "retry-after": "1", "content-type": "application/json" })
            .end('{"error":{"message":"slow down"}}')
        : res
            .writeHead(200, { "content-type": "application/json" })
            .end(completion("<think>hmm</think>Hello @TechHub"));
    const started = Date.now();
    await expect(
      agentsFor({ timeoutMs: 5_000 }).buyerMessage(buyerTurnContext(room())),
    ).resolves.toBe("Hello @TechHub");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(attempts).toBe(2);
  });

  it("a body that is not JSON is LLM_BAD_RESPONSE, without retrying", async () => {
    behaviour = (_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end("{not json");
    await expect(agentsFor({}).buyerMessage(buyerTurnContext(room()))).rejects.toMatchObject({
      code: "LLM_BAD_RESPONSE",
    });
    expect(attempts).toBe(1);
  });

  it("structured output that misses the schema is LLM_BAD_RESPONSE", async () => {
    behaviour = (_req, res) =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(completion('{"offer": "cheap"}'));
    await expect(
      agentsFor({}).sellerReply(sellerTurnContext(room(), "TechHub")),
    ).rejects.toMatchObject({ code: "LLM_BAD_RESPONSE" });
  });

  it("parses a structured offer from a reasoning model", async () => {
    behaviour = (_req, res) =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(
          completion(
            '<think>floor is secret</think>{"message":"900 each","offer":{"price":900,"quantity":2}}',
          ),
        );
    await expect(agentsFor({}).sellerReply(sellerTurnContext(room(), "TechHub"))).resolves.toEqual({
      message: "900 each",
      offer: { price: 900, quantity: 2 },
    });
  });

  it("a run being stopped cancels the call: not an error", async () => {
    behaviour = () => {};
    const controller = new AbortController();
    const pending = agentsFor({ timeoutMs: 5_000 }, controller.signal).buyerMessage(
      buyerTurnContext(room()),
    );
    setTimeout(() => controller.abort(new Error("stop")), 50);
    await expect(pending).rejects.toMatchObject({ name: "CancelledError" });
  });
});

describe("simulated provider fault injection", () => {
  const simulated = (faults: LlmSettings["faults"]) =>
    agentsFor({
      provider: "simulated",
      model: "sim",
      baseUrl: undefined,
      faults,
      timeoutMs: 200,
      maxRetries: 1,
    });

  it("timeout ⇒ LLM_TIMEOUT", async () => {
    await expect(
      simulated([{ kind: "timeout", fromCall: 1 }]).buyerMessage(buyerTurnContext(room())),
    ).rejects.toMatchObject({ code: "LLM_TIMEOUT" });
  });
  it("5xx ⇒ LLM_UNAVAILABLE", async () => {
    await expect(
      simulated([{ kind: "http_500", fromCall: 1 }]).buyerMessage(buyerTurnContext(room())),
    ).rejects.toMatchObject({ code: "LLM_UNAVAILABLE" });
  });
  it("one 429 is retried away", async () => {
    await expect(
      simulated([{ kind: "http_429", fromCall: 1, count: 1 }]).buyerMessage(
        buyerTurnContext(room()),
      ),
    ).resolves.toContain("Laptop");
  });
  it("malformed structured output ⇒ LLM_BAD_RESPONSE", async () => {
    await expect(
      simulated([{ kind: "malformed", agent: "TechHub", fromCall: 1 }]).sellerReply(
        sellerTurnContext(room(), "TechHub"),
      ),
    ).rejects.toMatchObject({
      code: "LLM_BAD_RESPONSE",
    });
  });
});
