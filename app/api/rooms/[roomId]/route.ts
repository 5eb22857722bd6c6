import { apiRoute, type IdParams } from "@/lib/server/http/handler";
import { publicConfig, roomViews } from "@/lib/server/read-models/views";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

/** The room with its whole history: a reload shows exactly what happened. */
export const GET = apiRoute(
  "GET /api/rooms/[roomId]",
  async (_request, { params }: IdParams<"roomId">) => {
    const { roomId } = await params;
    const { repo } = await getServices();
    const row = await repo.requireRoom(roomId);
    const episode = await repo.requireEpisode(row.episodeId);
    const [room] = await roomViews(repo, [row], new Map([[episode.id, episode.config]]));
    const config = publicConfig(episode.config);
    return Response.json({
      room,
      events: await repo.listEvents(roomId),
      episode: { id: episode.id, buyerName: episode.buyerName, llm: config.llm },
    });
  },
);
