import "server-only";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { Agent, fetch as undiciFetch } from "undici";
import type { LlmSettings } from "@/lib/domain/schemas";
import type { EndpointPolicy } from "@/lib/security/settings";
import { guardedFetch, resolveEndpoint, type ProviderDefaults } from "./endpoint-policy";
import { outputModeFor } from "./output-mode";
import { SimulatedLanguageModel } from "./simulated-model";

export const DEFAULT_BASE_URLS: Record<Exclude<LlmSettings["provider"], "simulated">, string> = {
  lmstudio: "http://localhost:1234/v1",
  ollama: "http://localhost:11434/v1",
  openrouter: "https://openrouter.ai/api/v1",
  openai: "https://api.openai.com/v1",
};

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_RETRIES = 2;

const dispatchers = new Map<number, Agent>();

/** fetch with a connect timeout of its own; the total timeout comes from the caller's abort signal. */
function fetchWithConnectTimeout(connectTimeoutMs: number): typeof globalThis.fetch {
  let dispatcher = dispatchers.get(connectTimeoutMs);
  if (!dispatcher)
    dispatchers.set(
      connectTimeoutMs,
      (dispatcher = new Agent({ connect: { timeout: connectTimeoutMs } })),
    );
  const agent = dispatcher;
  return ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof globalThis.fetch;
}

export type { ProviderDefaults } from "./endpoint-policy";

/**
 * The one provider seam: the simulated model, or any OpenAI-compatible endpoint. With a policy
 * (the server always passes one) the endpoint must be allowed and the address public (docs/security.md).
 */
export function languageModelFor(
  llm: LlmSettings,
  defaults: ProviderDefaults = {},
  policy?: EndpointPolicy,
): LanguageModelV3 {
  if (llm.provider === "simulated")
    return new SimulatedLanguageModel(llm.model, { seed: llm.seed ?? 1, faults: llm.faults });
  const connectTimeoutMs = llm.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const endpoint = policy
    ? resolveEndpoint(llm, defaults, DEFAULT_BASE_URLS[llm.provider], policy)
    : {
        baseUrl: llm.baseUrl ?? defaults.baseUrl ?? DEFAULT_BASE_URLS[llm.provider],
        apiKey: llm.apiKey ?? defaults.apiKey,
      };
  const provider = createOpenAICompatible({
    name: llm.provider,
    baseURL: endpoint.baseUrl,
    apiKey: endpoint.apiKey,
    fetch:
      policy && "privateAllowed" in endpoint
        ? guardedFetch({
            connectTimeoutMs,
            privateAllowed: endpoint.privateAllowed,
            maxResponseBytes: policy.maxResponseBytes,
          })
        : fetchWithConnectTimeout(connectTimeoutMs),
    // Only in schema mode does the provider get json_schema (strict); JSON mode sends json_object.
    supportsStructuredOutputs: outputModeFor(llm) === "schema",
  });
  return provider.chatModel(llm.model);
}
