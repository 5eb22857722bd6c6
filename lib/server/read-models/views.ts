import "server-only";
import type { EpisodeRow, Repository, RoomRow } from "@/lib/db/repository";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { Offer, Outcome } from "@/lib/domain/stream-events";
import { bestOffer } from "@/lib/engine/offers";
import { planRooms } from "@/lib/engine/matching";
import { economicsFromRecords, type RoomEconomics } from "@/lib/engine/economics";
import { labFor } from "@/lib/db/lab-repository";
import type { RoomUsage } from "@/lib/experiments/export-format";

export type RoomView = Omit<RoomRow, "lastSeq"> & {
  lastSeq: number;
  outcome?: Outcome;
  bestOffer?: Offer;
  item: EpisodeConfig["buyer"]["items"][number];
  economics?: RoomEconomics;
  usage?: RoomUsage;
};
export type EpisodeView = {
  id: string;
  buyerName: string;
  createdAt: string;
  config: PublicConfig;
  rooms: RoomView[];
  counts: ReturnType<typeof countRooms>;
};
export type PublicConfig = Omit<EpisodeConfig, "llm"> & {
  llm: Omit<EpisodeConfig["llm"], "apiKey"> & { hasApiKey: boolean };
};

/** An API key goes in, never out. */
export function publicConfig(config: EpisodeConfig): PublicConfig {
  const { apiKey, ...llm } = config.llm;
  return { ...config, llm: { ...llm, hasApiKey: Boolean(apiKey) } };
}

export function countRooms(rooms: Pick<RoomView, "status" | "outcome">[]) {
  const count = (status: string) => rooms.filter((r) => r.status === status).length;
  return {
    planned: count("planned"),
    running: count("running"),
    completed: count("completed"),
    failed: count("failed"),
    interrupted: count("interrupted"),
    noSellers: count("no_sellers"),
    deals: rooms.filter((r) => r.outcome?.kind === "deal").length,
    total: rooms.length,
  };
}

export async function roomViews(
  repo: Repository,
  rows: RoomRow[],
  configs: Map<string, EpisodeConfig>,
): Promise<RoomView[]> {
  const ids = rows.map((r) => r.id);
  const [outcomes, offerEvents, usages] = await Promise.all([
    repo.listOutcomes(ids),
    repo.listOfferEvents(ids),
    labFor(repo).usageByRoom(ids),
  ]);
  const plans = new Map([...configs].map(([id, config]) => [id, planRooms(config)]));
  return rows.map((row) => {
    const plan = plans.get(row.episodeId)![row.position]!;
    const item = plan.item;
    const offers = offerEvents.flatMap(({ roomId, event }) =>
      roomId === row.id && event.type === "seller_message" && event.offer ? [event.offer] : [],
    );
    const outcome = outcomes.find((o) => o.roomId === row.id)?.outcome;
    const best = bestOffer(offers, item);
    // Hidden floors and costs are revealed to people once the room has closed; agents never see this.
    const economics = economicsFromRecords(plan, offers, outcome, row.status === "failed");
    const found = usages.find((u) => u.roomId === row.id);
    const usage = found && {
      calls: found.calls,
      inputTokens: found.inputTokens,
      outputTokens: found.outputTokens,
      estimated: found.estimated,
      costUsd: found.costUsd,
    };
    return {
      ...row,
      item,
      ...(outcome && { outcome }),
      ...(best && { bestOffer: best }),
      ...(economics && { economics }),
      ...(usage && { usage }),
    };
  });
}

export async function episodeViews(
  repo: Repository,
  episodes: EpisodeRow[],
): Promise<EpisodeView[]> {
  const configs = new Map(episodes.map((e) => [e.id, e.config]));
  const rooms = await roomViews(repo, await repo.listRooms(episodes.map((e) => e.id)), configs);
  return episodes.map((episode) => {
    const own = rooms.filter((r) => r.episodeId === episode.id);
    return {
      id: episode.id,
      buyerName: episode.buyerName,
      createdAt: episode.createdAt,
      config: publicConfig(episode.config),
      rooms: own,
      counts: countRooms(own),
    };
  });
}
