import { z } from "zod";
import { apiRoute, fieldErrors, readJson } from "@/lib/server/http/handler";
import { AppError } from "@/lib/errors/app-error";
import { episodeViews } from "@/lib/server/read-models/views";
import { crossFieldIssues, episodeConfigSchema } from "@/lib/domain/schemas";
import { getServices } from "@/lib/server/composition";
import { checkLlmSettings } from "@/lib/security/provider-guard";

export const dynamic = "force-dynamic";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const GET = apiRoute("GET /api/episodes", async (request) => {
  const parsed = listQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    throw new AppError("VALIDATION_ERROR", "Invalid query", {
      details: fieldErrors(parsed.error.issues),
    });
  const { repo } = await getServices();
  return Response.json({
    episodes: await episodeViews(repo, await repo.listEpisodes(parsed.data.limit)),
  });
});

export const POST = apiRoute("POST /api/episodes", async (request) => {
  const config = await readJson(request, episodeConfigSchema, crossFieldIssues);
  checkLlmSettings(config.llm);
  const { repo } = await getServices();
  const { episode } = await repo.createEpisode(config);
  const [view] = await episodeViews(repo, [episode]);
  return Response.json({ episode: view }, { status: 201 });
});
