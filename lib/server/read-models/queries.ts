import "server-only";
import { notFound } from "next/navigation";
import { episodeViews, publicConfig, roomViews } from "@/lib/server/read-models/views";
import { summarise } from "@/lib/engine/summary";
import { economicsRows, usageTotals } from "@/lib/experiments/economics-rows";
import { getServices } from "@/lib/server/composition";
import { labFor } from "@/lib/db/lab-repository";
import { isReadOnly } from "@/lib/experiments/read-only";

/** What the server components render, read straight from storage (no HTTP hop). */
export async function listEpisodes() {
  const { repo } = await getServices();
  return episodeViews(repo, await repo.listEpisodes());
}

export async function loadEpisode(id: string) {
  const { repo } = await getServices();
  const episode = await repo.getEpisode(id);
  if (!episode) notFound();
  const [view] = await episodeViews(repo, [episode]);
  return view!;
}

export async function loadRoom(episodeId: string, roomId: string) {
  const { repo } = await getServices();
  const row = await repo.getRoom(roomId);
  if (!row || row.episodeId !== episodeId) notFound();
  const episode = (await repo.getEpisode(episodeId))!;
  const [room] = await roomViews(repo, [row], new Map([[episode.id, episode.config]]));
  return {
    room: room!,
    events: await repo.listEvents(roomId),
    episode: { id: episode.id, buyerName: episode.buyerName, config: publicConfig(episode.config) },
  };
}

export async function loadSummary(id: string) {
  const { repo } = await getServices();
  const row = await repo.getEpisode(id);
  if (!row) notFound();
  const [episode] = await episodeViews(repo, [row]);
  return {
    episode: episode!,
    summary: summarise(row.config, episode!.rooms),
    economics: economicsRows(episode!.rooms),
    usage: usageTotals(episode!.rooms),
  };
}

/** Imported episodes are replays: the pages hide every control that would change them. */
export async function loadReadOnly(episodeId: string): Promise<boolean> {
  const { repo } = await getServices();
  return isReadOnly(await labFor(repo).getSource(episodeId));
}
