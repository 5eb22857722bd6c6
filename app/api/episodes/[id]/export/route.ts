import { apiRoute, type IdParams } from "@/lib/server/http/handler";
import { download, exportFormat } from "@/lib/experiments/download";
import { toCsv } from "@/lib/experiments/export-csv";
import { toJsonl } from "@/lib/experiments/export-format";
import { buildBundle } from "@/lib/experiments/export-service";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

/** `?format=jsonl` (default): the manifest and every event. `?format=csv`: one row per room. */
export const GET = apiRoute(
  "GET /api/episodes/[id]/export",
  async (request, { params }: IdParams<"id">) => {
    const { id } = await params;
    const format = exportFormat(request);
    const { repo } = await getServices();
    const bundle = await buildBundle(repo, [id]);
    return download(
      format === "csv" ? toCsv(bundle) : toJsonl(bundle),
      format,
      `mams-episode-${id}`,
    );
  },
);
