import "server-only";
import { createHash } from "node:crypto";
import type { ImportedRoom } from "@/lib/db/import-episode";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { RoomEconomics } from "@/lib/engine/economics";

export const EXPORT_FORMAT = "mams-export/1";

export type RoomUsage = {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
  costUsd: number;
};

export type ManifestEpisode = {
  episodeId: string;
  configHash: string;
  seed: number | null;
  provider: string;
  model: string;
  arm?: number;
  armLabel?: string;
};

export type Manifest = {
  kind: "manifest";
  format: typeof EXPORT_FORMAT;
  app: string;
  release: string;
  exportedAt: string;
  experiment?: { id: string; name: string; arms: string[]; seeds: number[] };
  episodes: ManifestEpisode[];
};

/** What an import stores of a room (lib/db/import-episode.ts), plus its ids and derived figures. */
export type ExportedRoom = ImportedRoom & {
  episodeId: string;
  id: string;
  economics?: RoomEconomics;
  usage?: RoomUsage;
};

export type ExportBundle = {
  manifest: Manifest;
  episodes: Array<{ id: string; buyerName: string; createdAt: string; config: EpisodeConfig }>;
  rooms: ExportedRoom[];
};

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** The configuration's identity without its seed or any key: runs of one configuration over many seeds share it. */
export function configHash(config: EpisodeConfig): string {
  const { seed: _seed, apiKey: _key, ...llm } = config.llm;
  return createHash("sha256")
    .update(JSON.stringify(stable({ ...config, llm })))
    .digest("hex")
    .slice(0, 16);
}

/** JSONL: the manifest, then each episode (configuration without key), each room, and every event in order. */
export function toJsonl(bundle: ExportBundle): string {
  const lines: unknown[] = [bundle.manifest];
  for (const episode of bundle.episodes) lines.push({ kind: "episode", ...episode });
  for (const { events, ...room } of bundle.rooms) {
    lines.push({ kind: "room", ...room });
    for (const event of events) lines.push({ kind: "event", roomId: room.id, event });
  }
  return lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
}
