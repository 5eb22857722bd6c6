import { apiRoute, type IdParams } from "@/lib/server/http/handler";
import { download, exportFormat } from "@/lib/experiments/download";
import { experimentBundle } from "@/lib/experiments/experiment-service";
import { toCsv } from "@/lib/experiments/export-csv";
import { toJsonl } from "@/lib/experiments/export-format";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

/** Every episode of the experiment: JSONL with the manifest (arms, seeds), or CSV with one row per room. */
export const GET = apiRoute(
  "GET /api/experiments/[id]/export",
  async (request, { params }: IdParams<"id">) => {
    const { id } = await params;
    const format = exportFormat(request);
    const { repo } = await getServices();
    const bundle = await experimentBundle(repo, id);
    return download(
      format === "csv" ? toCsv(bundle) : toJsonl(bundle),
      format,
      `mams-experiment-${id}`,
    );
  },
);
