import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as testConnectionRoute from "@/app/api/llm/test-connection/route";
import { call } from "./support/api-harness";

// The operator's defaults: no custom endpoints, no private addresses; the server holds a key.
const SERVER_KEY = vi.hoisted(() => {
  const key = "sk-server-canary-0123456789abcdef";
  process.env.LLM_API_KEY = key;
  return key;
});

const received: http.IncomingHttpHeaders[] = [];
let listener: http.Server;
let url: string;
beforeAll(async () => {
  listener = http.createServer((request, response) => {
    received.push(request.headers);
    response.end("{}");
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise((resolve) => listener.close(resolve)));

describe("Test connection obeys the endpoint policy of runs", () => {
  it("an endpoint the operator does not allow is a 400 naming llm.baseUrl, and nothing is called", async () => {
    const { status, json } = await call(
      testConnectionRoute.POST,
      {},
      { body: { provider: "openai", model: "gpt-4o-mini", baseUrl: url } },
    );
    expect(status).toBe(400);
    expect(json.error.details).toEqual([expect.objectContaining({ path: "llm.baseUrl" })]);
    expect(JSON.stringify(json)).not.toContain(SERVER_KEY);
    expect(received).toHaveLength(0);
  });
});
