import { apiRoute, type IdParams } from "@/lib/server/http/handler";
import { labFor } from "@/lib/db/lab-repository";
import { experimentProgressStream } from "@/lib/experiments/progress-stream";
import { progressOf } from "@/lib/experiments/runner";
import { getServices } from "@/lib/server/composition";
import { requireExperiment } from "@/lib/experiments/experiment-service";

export const dynamic = "force-dynamic";

/** Server-sent `experiment_progress` events: a snapshot first, then one per finished run, closed when done. */
export const GET = apiRoute(
  "GET /api/experiments/[id]/stream",
  async (request, { params }: IdParams<"id">) => {
    const { id } = await params;
    const { repo } = await getServices();
    await requireExperiment(repo, id);
    const snapshot = async () => {
      const experiment = await requireExperiment(repo, id);
      return progressOf(experiment.status, await labFor(repo).listExperimentRuns(id));
    };
    return new Response(experimentProgressStream(id, snapshot, request.signal), {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  },
);
