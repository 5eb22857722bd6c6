// Server-side defaults for OpenAI-compatible providers when an episode's settings carry none
// (lib/ai/providers.ts). Which base URLs and models they may reach is in env-security.mjs.
import { z } from "zod";
import { url } from "./env-fields.mjs";

export const modelsSchema = {
  server: {
    LLM_API_KEY: z.string().optional(),
    LLM_BASE_URL: url,
  },
};
