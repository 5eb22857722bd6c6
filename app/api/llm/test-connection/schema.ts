import { llmSettingsSchema } from "@/lib/domain/schemas";

/** What the "Test connection" button sends: the provider part of the episode's LLM settings, validated the same way. */
export const connectionTestSchema = llmSettingsSchema.pick({
  provider: true,
  model: true,
  baseUrl: true,
  apiKey: true,
  outputMode: true,
  timeoutMs: true,
  connectTimeoutMs: true,
});
