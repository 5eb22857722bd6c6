import "server-only";
import { env } from "@/lib/config/env.mjs";

/** The official endpoints of the OpenAI-compatible providers, and the usual local LM Studio / Ollama ports. */
export const DEFAULT_ALLOWED_BASE_URLS = [
  "http://localhost:1234/v1",
  "http://localhost:11434/v1",
  "https://openrouter.ai/api/v1",
  "https://api.openai.com/v1",
];
export const DEFAULT_ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

const list = (value: string | undefined) =>
  value
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean);

export type Limits = {
  maxConcurrentRuns: number;
  maxRunsPerEpisode: number;
  maxQueuedRuns: number;
  maxMessagesPerRoom: number;
  maxEventsPerRoom: number;
  transcriptWindow: number;
  maxSsePerRoom: number;
  maxSsePerClient: number;
  writesPerMinute: number;
  tokenBudgetPerEpisode: number;
};

export const DEFAULT_LIMITS: Limits = {
  maxConcurrentRuns: 8,
  maxRunsPerEpisode: 4,
  maxQueuedRuns: 200,
  maxMessagesPerRoom: 50,
  maxEventsPerRoom: 2_000,
  transcriptWindow: 60,
  maxSsePerRoom: 50,
  maxSsePerClient: 20,
  writesPerMinute: 120,
  tokenBudgetPerEpisode: 300_000,
};

export function limitsFromEnv(): Limits {
  return {
    maxConcurrentRuns: env.MAMS_MAX_CONCURRENT_RUNS ?? DEFAULT_LIMITS.maxConcurrentRuns,
    maxRunsPerEpisode: env.MAMS_MAX_RUNS_PER_EPISODE ?? DEFAULT_LIMITS.maxRunsPerEpisode,
    maxQueuedRuns: env.MAMS_MAX_QUEUED_RUNS ?? DEFAULT_LIMITS.maxQueuedRuns,
    maxMessagesPerRoom: env.MAMS_MAX_MESSAGES_PER_ROOM ?? DEFAULT_LIMITS.maxMessagesPerRoom,
    maxEventsPerRoom: env.MAMS_MAX_EVENTS_PER_ROOM ?? DEFAULT_LIMITS.maxEventsPerRoom,
    transcriptWindow: env.MAMS_TRANSCRIPT_WINDOW ?? DEFAULT_LIMITS.transcriptWindow,
    maxSsePerRoom: env.MAMS_MAX_SSE_PER_ROOM ?? DEFAULT_LIMITS.maxSsePerRoom,
    maxSsePerClient: env.MAMS_MAX_SSE_PER_CLIENT ?? DEFAULT_LIMITS.maxSsePerClient,
    writesPerMinute: env.MAMS_WRITES_PER_MINUTE ?? DEFAULT_LIMITS.writesPerMinute,
    tokenBudgetPerEpisode: env.LLM_TOKEN_BUDGET_PER_EPISODE ?? DEFAULT_LIMITS.tokenBudgetPerEpisode,
  };
}

export type EndpointPolicy = {
  allowedBaseUrls: string[];
  allowCustomBaseUrl: boolean;
  allowPrivateAddresses: boolean;
  maxResponseBytes: number;
  /** Models the server's key may be used with; any when undefined. */
  serverKeyModels?: string[];
};

export function endpointPolicyFromEnv(): EndpointPolicy {
  const allowed = list(env.LLM_ALLOWED_BASE_URLS) ?? DEFAULT_ALLOWED_BASE_URLS;
  return {
    // The operator's own LLM_BASE_URL is allowed by definition.
    allowedBaseUrls: env.LLM_BASE_URL ? [...allowed, env.LLM_BASE_URL] : allowed,
    allowCustomBaseUrl: env.LLM_ALLOW_CUSTOM_BASE_URL ?? false,
    allowPrivateAddresses: env.LLM_ALLOW_PRIVATE_ADDRESSES ?? false,
    maxResponseBytes: env.LLM_MAX_RESPONSE_BYTES ?? 4 * 1024 * 1024,
    serverKeyModels: list(env.LLM_SERVER_KEY_MODELS),
  };
}

export type AccessSettings = { accessToken?: string; allowedHosts: string[] };

export function accessFromEnv(): AccessSettings {
  return {
    accessToken: env.MAMS_ACCESS_TOKEN,
    allowedHosts: list(env.MAMS_ALLOWED_HOSTS) ?? DEFAULT_ALLOWED_HOSTS,
  };
}
