import "server-only";
import { labFor } from "@/lib/db/lab-repository";
import type { Repository, RoomPatch, RoomRow } from "@/lib/db/repository";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { RoomEventData } from "@/lib/domain/stream-events";
import { planRooms } from "@/lib/engine/matching";
import { foldEvents, type RoomSetup } from "@/lib/engine/room-state";
import { AppError } from "@/lib/errors/app-error";
import { isReadOnly } from "@/lib/experiments/read-only";
import type { ExperimentIds } from "./run-types";

const now = () => new Date().toISOString();

/** The room columns that a batch of events changes, stored in the same transaction as the events. */
export function patchFor(events: RoomEventData[]): RoomPatch {
  const patch: RoomPatch = {};
  for (const event of events) {
    if (event.type === "round_started")
      Object.assign(patch, { round: event.round, status: "running" });
    if (event.type === "room_completed")
      Object.assign(patch, { status: "completed", endedAt: now(), error: null });
    if (event.type === "room_failed")
      Object.assign(patch, { status: "failed", endedAt: now(), error: event.error });
  }
  return patch;
}

/** What the engine needs to run one room of an episode. */
export function roomSetup(
  room: RoomRow,
  config: EpisodeConfig,
  transcriptWindow?: number,
): RoomSetup {
  const plan = planRooms(config)[room.position];
  if (!plan) throw new AppError("ROOM_NOT_FOUND", `Room ${room.id} does not match its episode`);
  const { provider, model, maxRounds, maxBadTurns } = config.llm;
  return {
    roomId: room.id,
    episodeId: room.episodeId,
    buyerName: config.buyer.name,
    ...(config.buyer.strategy && { buyerStrategy: config.buyer.strategy }),
    item: plan.item,
    sellers: plan.sellers,
    maxRounds,
    maxBadTurns,
    provider,
    model,
    transcriptWindow,
  };
}

/** A room with its episode, setup, experiment (if any) and state folded from storage; imported episodes refuse changes. */
export async function loadRoom(repo: Repository, roomId: string, transcriptWindow?: number) {
  const room = await repo.requireRoom(roomId);
  const episode = await repo.requireEpisode(room.episodeId);
  const source = await labFor(repo).getSource(episode.id);
  if (isReadOnly(source))
    throw new AppError("CONFLICT", "This episode was imported: it can be replayed, not changed");
  const setup = roomSetup(room, episode.config, transcriptWindow);
  const experiment: ExperimentIds =
    source?.kind === "experiment"
      ? { experimentId: source.experimentId, arm: source.armLabel }
      : {};
  return {
    room,
    episode,
    setup,
    experiment,
    state: foldEvents(setup, await repo.listEvents(roomId)),
  };
}

export type LoadedRoom = Awaited<ReturnType<typeof loadRoom>>;
