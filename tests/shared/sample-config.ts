import type { EpisodeConfig } from "@/lib/domain/schemas";
import { sampleEpisodeConfig } from "@/lib/domain/sample-data";

export function configWith(overrides: Partial<EpisodeConfig["llm"]> = {}): EpisodeConfig {
  const config = structuredClone(sampleEpisodeConfig);
  config.llm = { ...config.llm, ...overrides };
  return config;
}
