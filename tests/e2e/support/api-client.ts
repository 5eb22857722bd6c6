import { expect } from "@playwright/test";
import type { EpisodeView } from "../../../lib/server/read-models/views";
import { sampleEpisodeConfig } from "../../../lib/domain/sample-data";
import type { LlmSettings } from "../../../lib/domain/schemas";
import { APP_URL } from "./e2e-config";

export async function createEpisode(
  llm: Partial<LlmSettings> = {},
  base = APP_URL,
): Promise<EpisodeView> {
  const response = await fetch(`${base}/api/episodes`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...sampleEpisodeConfig, llm: { ...sampleEpisodeConfig.llm, ...llm } }),
  });
  expect(response.status).toBe(201);
  return (await response.json()).episode;
}

export async function episodeCount(): Promise<number> {
  return ((await (await fetch(`${APP_URL}/api/episodes`)).json()).episodes as unknown[]).length;
}

export async function waitForRoomStatus(
  roomId: string,
  statuses: string[],
  timeout = 30_000,
  base = APP_URL,
) {
  await expect
    .poll(async () => (await (await fetch(`${base}/api/rooms/${roomId}`)).json()).room?.status, {
      timeout,
    })
    .toMatch(new RegExp(`^(${statuses.join("|")})$`));
}
