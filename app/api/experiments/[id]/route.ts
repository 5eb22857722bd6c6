import { apiRoute, type IdParams } from "@/lib/server/http/handler";
import { experimentView } from "@/lib/experiments/experiment-service";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

/** The experiment, its runs, its progress and its results (means, bootstrap intervals, paired differences). */
export const GET = apiRoute(
  "GET /api/experiments/[id]",
  async (_request, { params }: IdParams<"id">) => {
    const { id } = await params;
    const { repo } = await getServices();
    return Response.json({ experiment: await experimentView(repo, id) });
  },
);
