import { apiRoute, type IdParams } from "@/lib/server/http/handler";
import { episodeViews } from "@/lib/server/read-models/views";
import { summarise } from "@/lib/engine/summary";
import { economicsRows, usageTotals } from "@/lib/experiments/economics-rows";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  "GET /api/episodes/[id]/summary",
  async (_request, { params }: IdParams<"id">) => {
    const { id } = await params;
    const { repo } = await getServices();
    const episode = await repo.requireEpisode(id);
    const [view] = await episodeViews(repo, [episode]);
    return Response.json({
      episodeId: id,
      buyerName: episode.buyerName,
      ...summarise(episode.config, view!.rooms),
      economics: economicsRows(view!.rooms),
      usage: usageTotals(view!.rooms),
    });
  },
);
