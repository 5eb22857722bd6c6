import { apiRoute, readJson } from "@/lib/api/handler";
import { episodeViews } from "@/lib/api/views";
import { crossFieldIssues, episodeConfigSchema } from "@/lib/domain/schemas";
import { getServices } from "@/lib/runs/services";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/episodes", async () => {
  const { repo } = await getServices();
  return Response.json({ episodes: await episodeViews(repo, await repo.listEpisodes()) });
});

export const POST = apiRoute("POST /api/episodes", async (request) => {
  const config = await readJson(request, episodeConfigSchema, crossFieldIssues);
  const { repo } = await getServices();
  const { episode } = await repo.createEpisode(config);
  const [view] = await episodeViews(repo, [episode]);
  return Response.json({ episode: view }, { status: 201 });
});
