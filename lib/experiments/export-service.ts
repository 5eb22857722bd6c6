import "server-only";
import { roomViews } from "@/lib/server/read-models/views";
import { labFor } from "@/lib/db/lab-repository";
import type { Repository } from "@/lib/db/repository";
import { episodeConfigSchema, type EpisodeConfig } from "@/lib/domain/schemas";
import type { RoomEvent } from "@/lib/domain/stream-events";
import { planRooms } from "@/lib/engine/matching";
import { env } from "@/lib/config/env.mjs";
import { AppError } from "@/lib/errors/app-error";
import { EXPORT_FORMAT, configHash, type ExportBundle, type Manifest } from "./export-format";
import { parseJsonl } from "./import-format";

export const appRelease = () => env.NEXT_PUBLIC_SENTRY_RELEASE ?? "mams@0.1.0";

const withoutKey = (config: EpisodeConfig): EpisodeConfig => {
  const { apiKey: _key, ...llm } = config.llm;
  return { ...config, llm };
};

/** Everything about some episodes, ready for JSONL or CSV: no API key ever leaves. */
export async function buildBundle(
  repo: Repository,
  episodeIds: string[],
  experiment?: Manifest["experiment"],
): Promise<ExportBundle> {
  const lab = labFor(repo);
  const rows = await Promise.all(episodeIds.map((id) => repo.requireEpisode(id)));
  const roomRows = await repo.listRooms(episodeIds);
  const views = await roomViews(repo, roomRows, new Map(rows.map((e) => [e.id, e.config])));
  const usage = new Map(
    (await lab.usageByRoom(roomRows.map((r) => r.id))).map(({ roomId, ...u }) => [roomId, u]),
  );
  const sources = new Map(
    await Promise.all(rows.map(async (e) => [e.id, await lab.getSource(e.id)] as const)),
  );
  const order = new Map(episodeIds.map((id, i) => [id, i]));
  views.sort(
    (a, b) => order.get(a.episodeId)! - order.get(b.episodeId)! || a.position - b.position,
  );
  const rooms = await Promise.all(
    views.map(async (v) => ({
      episodeId: v.episodeId,
      id: v.id,
      position: v.position,
      itemName: v.itemName,
      sellers: v.sellers,
      status: v.status,
      startedAt: v.startedAt,
      endedAt: v.endedAt,
      ...(v.economics && { economics: v.economics }),
      ...(usage.get(v.id) && { usage: usage.get(v.id) }),
      events: await repo.listEvents(v.id),
    })),
  );
  const manifest: Manifest = {
    kind: "manifest",
    format: EXPORT_FORMAT,
    app: "mams",
    release: appRelease(),
    exportedAt: new Date().toISOString(),
    ...(experiment && { experiment }),
    episodes: rows.map((e) => {
      const source = sources.get(e.id);
      const arm =
        source?.kind === "experiment" ? { arm: source.arm, armLabel: source.armLabel } : {};
      return {
        episodeId: e.id,
        configHash: configHash(e.config),
        seed: e.config.llm.seed ?? null,
        provider: e.config.llm.provider,
        model: e.config.llm.model,
        ...arm,
      };
    }),
  };
  return {
    manifest,
    episodes: rows.map((e) => ({
      id: e.id,
      buyerName: e.buyerName,
      createdAt: e.createdAt,
      config: withoutKey(e.config),
    })),
    rooms,
  };
}

/** Stores an export again as read-only episodes; nothing is stored when any line, configuration or room is wrong. */
export async function importJsonl(
  repo: Repository,
  text: string,
): Promise<Array<{ id: string; sourceId: string }>> {
  const { lines, errors } = parseJsonl(text);
  const manifest = lines.find((l) => l.kind === "manifest");
  if (!manifest)
    errors.unshift({
      path: "line 1",
      message: `The first line must be a ${EXPORT_FORMAT} manifest`,
    });
  const episodes = lines.flatMap((l) => (l.kind === "episode" ? [l] : []));
  if (!episodes.length) errors.push({ path: "episode", message: "The file holds no episode" });
  const configs = new Map<string, EpisodeConfig>();
  for (const e of episodes) {
    const parsed = episodeConfigSchema.safeParse(e.config);
    if (parsed.success) configs.set(e.id, parsed.data);
    else
      errors.push(
        ...parsed.error.issues
          .slice(0, 5)
          .map((i) => ({ path: `episode ${e.id}.config.${i.path.join(".")}`, message: i.message })),
      );
  }
  const rooms = lines.flatMap((l) => (l.kind === "room" ? [l] : []));
  const events = new Map<string, RoomEvent[]>();
  for (const l of lines)
    if (l.kind === "event")
      events.set(l.roomId, [...(events.get(l.roomId) ?? []), l.event as unknown as RoomEvent]);
  for (const room of rooms) {
    const config = configs.get(room.episodeId);
    if (!config) continue;
    if (!planRooms(config)[room.position])
      errors.push({
        path: `room ${room.id}.position`,
        message: "No such item in its episode's configuration",
      });
    const seqs = (events.get(room.id) ?? []).map((e) => e.seq);
    if (seqs.some((s, i) => i > 0 && s <= seqs[i - 1]!))
      errors.push({
        path: `room ${room.id}.events`,
        message: "Events must be in increasing sequence order",
      });
  }
  if (errors.length)
    throw new AppError("VALIDATION_ERROR", "The export cannot be imported", {
      details: errors.slice(0, 50),
    });

  const lab = labFor(repo);
  const created: Array<{ id: string; sourceId: string }> = [];
  for (const e of episodes) {
    const own = rooms.filter((r) => r.episodeId === e.id).sort((a, b) => a.position - b.position);
    const stored = await lab.importEpisode(
      configs.get(e.id)!,
      own.map((r) => ({
        position: r.position,
        itemName: r.itemName,
        sellers: r.sellers,
        status: r.status,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        events: events.get(r.id) ?? [],
      })),
      { ...(manifest as Record<string, unknown>), sourceEpisodeId: e.id },
    );
    created.push({ id: stored.id, sourceId: e.id });
  }
  return created;
}
