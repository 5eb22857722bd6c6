import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BlockedAddressError,
  capBody,
  guardedFetch,
  guardedLookup,
  isPrivateAddress,
  resolveEndpoint,
  viewerMessage,
} from "@/lib/ai/endpoint-policy";
import { DEFAULT_BASE_URLS, languageModelFor } from "@/lib/ai/providers";
import type { LlmSettings } from "@/lib/domain/schemas";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { DEFAULT_ALLOWED_BASE_URLS, type EndpointPolicy } from "@/lib/security/settings";

const SERVER_KEY = "sk-server-secret-key-0123456789";
const seen: Array<{ url?: string; authorization?: string }> = [];
let listener: http.Server;
let listenerUrl: string;

beforeAll(async () => {
  listener = http.createServer((request, response) => {
    seen.push({ url: request.url, authorization: request.headers.authorization });
    if (request.url?.includes("huge")) {
      response.writeHead(200, { "content-type": "application/json" });
      for (let i = 0; i < 64; i++) response.write("x".repeat(64 * 1024));
      response.end();
      return;
    }
    response.writeHead(401, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        error: { message: `no access for ${request.headers.authorization} at 10.1.2.3:8443` },
      }),
    );
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise((resolve) => listener.close(resolve)));

const policy = (overrides: Partial<EndpointPolicy> = {}): EndpointPolicy => ({
  allowedBaseUrls: DEFAULT_ALLOWED_BASE_URLS,
  allowCustomBaseUrl: false,
  allowPrivateAddresses: false,
  maxResponseBytes: 1024 * 1024,
  ...overrides,
});
const llm = (overrides: Partial<LlmSettings> = {}): LlmSettings => ({
  provider: "openai",
  model: "gpt-x",
  temperature: 0,
  maxTokens: 100,
  maxRounds: 3,
  maxRetries: 0,
  ...overrides,
});

async function callModel(settings: LlmSettings, p: EndpointPolicy) {
  let model: ReturnType<typeof languageModelFor>;
  try {
    model = languageModelFor(settings, { apiKey: SERVER_KEY }, p);
  } catch (error) {
    return error;
  }
  return model
    .doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }] })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
}

describe("provider endpoints", () => {
  it("refuses a base URL outside the operator's list, naming llm.baseUrl", () => {
    let error: unknown;
    try {
      resolveEndpoint(
        llm({ baseUrl: listenerUrl }),
        { apiKey: SERVER_KEY },
        DEFAULT_BASE_URLS.openai,
        policy(),
      );
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error) && error.code).toBe("VALIDATION_ERROR");
    expect((error as AppError).details).toEqual([
      { path: "llm.baseUrl", message: expect.stringContaining("https://api.openai.com/v1") },
    ]);
  });

  it("never sends the server's key to a custom URL, and calls no private address unless allowed", async () => {
    seen.length = 0;
    // Custom URLs on, private addresses off: the loopback listener is never reached.
    const blocked = await callModel(
      llm({ baseUrl: listenerUrl }),
      policy({ allowCustomBaseUrl: true }),
    );
    expect((blocked as AppError).details).toEqual([
      { path: "llm.baseUrl", message: expect.stringMatching(/private, loopback or link-local/) },
    ]);
    expect(seen).toEqual([]);
    // Private addresses allowed too: the call goes out, without the server's key.
    await callModel(
      llm({ baseUrl: listenerUrl }),
      policy({ allowCustomBaseUrl: true, allowPrivateAddresses: true }),
    );
    expect(seen.length).toBe(1);
    expect(seen[0]!.authorization ?? "").not.toContain(SERVER_KEY);
    // Allowlisted by the operator: the server's key goes there.
    seen.length = 0;
    await callModel(llm({ baseUrl: listenerUrl }), policy({ allowedBaseUrls: [listenerUrl] }));
    expect(seen[0]!.authorization).toBe(`Bearer ${SERVER_KEY}`);
  });

  it("limits the server's key to the operator's models, not a user's own key", () => {
    const p = policy({ serverKeyModels: ["gpt-small"] });
    let refused: unknown;
    try {
      resolveEndpoint(
        llm({ model: "gpt-huge" }),
        { apiKey: SERVER_KEY },
        DEFAULT_BASE_URLS.openai,
        p,
      );
    } catch (error) {
      refused = error;
    }
    expect((refused as AppError).details).toEqual([
      {
        path: "llm.model",
        message: expect.stringMatching(/only these models are allowed: gpt-small/),
      },
    ]);
    expect(
      resolveEndpoint(
        llm({ model: "gpt-small" }),
        { apiKey: SERVER_KEY },
        DEFAULT_BASE_URLS.openai,
        p,
      ).usesServerKey,
    ).toBe(true);
    expect(
      resolveEndpoint(
        llm({ model: "gpt-huge", apiKey: "sk-user" }),
        { apiKey: SERVER_KEY },
        DEFAULT_BASE_URLS.openai,
        p,
      ).usesServerKey,
    ).toBe(false);
  });

  it("classifies addresses with ipaddr.js: loopback, private, link-local, mapped IPv4 are private", () => {
    for (const address of [
      "127.0.0.1",
      "10.0.0.8",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "100.64.0.1",
      "0.0.0.0",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1"])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it("checks the address a name resolves to when connecting (so a rebinding answer is refused)", async () => {
    const result = await new Promise<unknown>((resolve) =>
      guardedLookup("localhost", { all: true }, (error) => resolve(error)),
    );
    expect(result).toBeInstanceOf(BlockedAddressError);
    // Through the real connection path: a name (not a literal) that resolves to loopback is never reached.
    seen.length = 0;
    const port = new URL(listenerUrl).port;
    const fetchGuarded = guardedFetch({
      connectTimeoutMs: 2_000,
      privateAllowed: false,
      maxResponseBytes: 1024,
    });
    // The machine's own name resolves to a loopback or private address on any host.
    const failure = await fetchGuarded(`http://${os.hostname()}:${port}/v1/models`).catch(
      (error: Error) => error,
    );
    expect(String((failure as Error).cause ?? failure)).toMatch(/private or local address/);
    expect(seen).toEqual([]);
  });

  it("caps provider responses, counting bytes as they stream", async () => {
    const fetchCapped = guardedFetch({
      connectTimeoutMs: 2_000,
      privateAllowed: true,
      maxResponseBytes: 256 * 1024,
    });
    const response = await fetchCapped(`${listenerUrl}/huge`);
    await expect(response.text()).rejects.toThrow(/larger than 262144 bytes/);
    expect(() =>
      capBody(new Response("x", { headers: { "content-length": "999999" } }), 10),
    ).toThrow(/larger than 10 bytes/);
  });

  it("shows viewers no upstream text: no key, no address, no port", () => {
    const upstream = new AppError(
      "LLM_UNAVAILABLE",
      `The openai model is unavailable (1 attempt): no access for Bearer ${SERVER_KEY} at 10.1.2.3:8443`,
      {
        details: { provider: "openai", attempts: 1, status: 401 },
      },
    );
    const shown = viewerMessage(upstream);
    expect(shown).toBe("The openai model is unavailable (HTTP 401).");
    expect(
      viewerMessage(new AppError("INTERNAL_ERROR", "connect ECONNREFUSED 10.0.0.5:5432")),
    ).not.toMatch(/10\.0\.0\.5/);
  });
});
