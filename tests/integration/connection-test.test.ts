import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as testConnectionRoute from "@/app/api/llm/test-connection/route";
import { startStandIn, type StandIn } from "../shared/openai-stand-in";
import { call } from "./support/api-harness";

// The stand-in listens on 127.0.0.1: allowed the way the e2e suite allows it (the policy itself is
// tested with the defaults in connection-test-policy.test.ts).
vi.hoisted(() => {
  process.env.LLM_ALLOW_CUSTOM_BASE_URL = "true";
  process.env.LLM_ALLOW_PRIVATE_ADDRESSES = "true";
});

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn({
    "gpt-like": {
      accepts: "schema",
      persona: { style: () => "plain" },
      respond: () => '{"ok":true}',
    },
    "json-only": {
      accepts: "json",
      persona: { style: () => "plain" },
      respond: () => '{"ok":true}',
    },
    chatty: {
      accepts: "prompt",
      persona: { style: () => "plain" },
      respond: () => "Hello! How can I help you today?",
    },
  });
});
afterAll(() => standIn.close());

const probe = async (body: Record<string, unknown>) =>
  call(
    testConnectionRoute.POST,
    {},
    { body: { provider: "openai", baseUrl: standIn.url, apiKey: "sk-secret-123", ...body } },
  );

describe("6. Test connection", () => {
  it("reports reachability, latency and working structured output", async () => {
    const { status, json } = await probe({ model: "gpt-like" });
    expect(status).toBe(200);
    expect(json.report).toMatchObject({
      reachable: true,
      mode: "schema",
      structuredOutput: "works",
    });
    expect(json.report.latencyMs).toEqual(expect.any(Number));
    expect(standIn.requests.at(-1)?.responseFormat).toMatchObject({
      type: "json_schema",
      json_schema: { name: "connection_test", strict: true },
    });
  });

  it("says in plain words when the provider refuses the output mode, with its own message and what to try", async () => {
    const { json } = await probe({ model: "json-only", outputMode: "schema" });
    expect(json.report).toMatchObject({ reachable: true, structuredOutput: "failed" });
    expect(json.report.message).toBe(
      "The provider refused the schema output mode (HTTP 400): This response_format type is unavailable now. Try JSON mode or prompt-only.",
    );
    expect((await probe({ model: "json-only", outputMode: "json" })).json.report).toMatchObject({
      structuredOutput: "works",
      mode: "json",
    });
  });

  it("a model that ignores the JSON request is reachable but fails structured output", async () => {
    const { json } = await probe({ model: "chatty", outputMode: "prompt" });
    expect(json.report).toMatchObject({
      reachable: true,
      structuredOutput: "failed",
      message: expect.stringContaining(
        'not with the JSON asked for: "Hello! How can I help you today?"',
      ),
    });
  });

  it("an unknown model and a dead port are explained, and the key is never echoed", async () => {
    const missing = (await probe({ model: "gpt-9" })).json.report;
    expect(missing).toMatchObject({
      reachable: true,
      message: expect.stringContaining("not found (HTTP 404): The model 'gpt-9' does not exist"),
    });
    const dead = (await probe({ model: "gpt-like", baseUrl: "http://127.0.0.1:1/v1" })).json.report;
    expect(dead).toMatchObject({
      reachable: false,
      message:
        "Nothing answers at http://127.0.0.1:1/v1 (connection refused). Is the server running on that address?",
    });
    expect(JSON.stringify([missing, dead])).not.toContain("sk-secret-123");
  });

  it("the simulator answers the probe", async () => {
    const { json } = await probe({
      provider: "simulated",
      model: "mams-sim-1",
      baseUrl: undefined,
    });
    expect(json.report).toMatchObject({ reachable: true, structuredOutput: "works" });
  });

  it("bad input is a 400 naming the field", async () => {
    const { status, json } = await probe({ model: "", outputMode: "yaml" });
    expect(status).toBe(400);
    expect(json.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "model",
      "outputMode",
    ]);
  });
});
