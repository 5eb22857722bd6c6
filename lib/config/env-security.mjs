// Security and limits (docs/security.md): every one optional, with the defaults in lib/security/settings.ts.
import { z } from "zod";
import { bool, positiveInt, urlList, wordList } from "./env-fields.mjs";

export const securitySchema = {
  server: {
    MAMS_ACCESS_TOKEN: z
      .string()
      .min(24, { message: "must be at least 24 characters (e.g. openssl rand -hex 32)" })
      .optional(),
    MAMS_ALLOWED_HOSTS: wordList,
    LLM_ALLOWED_BASE_URLS: urlList,
    LLM_ALLOW_CUSTOM_BASE_URL: bool,
    LLM_ALLOW_PRIVATE_ADDRESSES: bool,
    LLM_MAX_RESPONSE_BYTES: positiveInt(100_000_000),
    LLM_SERVER_KEY_MODELS: wordList,
    LLM_TOKEN_BUDGET_PER_EPISODE: positiveInt(1_000_000_000),
    MAMS_MAX_CONCURRENT_RUNS: positiveInt(1000),
    MAMS_MAX_RUNS_PER_EPISODE: positiveInt(1000),
    MAMS_MAX_QUEUED_RUNS: positiveInt(100_000),
    MAMS_MAX_MESSAGES_PER_ROOM: positiveInt(100_000),
    MAMS_MAX_EVENTS_PER_ROOM: positiveInt(1_000_000),
    MAMS_TRANSCRIPT_WINDOW: positiveInt(10_000),
    MAMS_MAX_SSE_PER_ROOM: positiveInt(10_000),
    MAMS_MAX_SSE_PER_CLIENT: positiveInt(10_000),
    MAMS_WRITES_PER_MINUTE: positiveInt(1_000_000),
  },
};
