import { apiRoute, type IdParams } from "@/lib/server/http/handler";
import { episodeViews } from "@/lib/server/read-models/views";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  "GET /api/episodes/[id]",
  async (_request, { params }: IdParams<"id">) => {
    const { id } = await params;
    const { repo } = await getServices();
    const [view] = await episodeViews(repo, [await repo.requireEpisode(id)]);
    return Response.json({ episode: view });
  },
);

/** Stops the episode's running rooms, then deletes it with its rooms and history. */
export const DELETE = apiRoute(
  "DELETE /api/episodes/[id]",
  async (_request, { params }: IdParams<"id">) => {
    const { id } = await params;
    const { repo, runs } = await getServices();
    await repo.requireEpisode(id);
    await runs.stopAll((await repo.listRooms([id])).map((r) => r.id));
    await repo.deleteEpisode(id);
    return new Response(null, { status: 204 });
  },
);
