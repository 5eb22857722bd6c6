import { apiRoute } from "@/lib/server/http/handler";
import { AppError } from "@/lib/errors/app-error";
import { MAX_IMPORT_BYTES } from "@/lib/experiments/download";
import { importJsonl } from "@/lib/experiments/export-service";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

/** Body: a MAMS JSONL export. Creates read-only episodes that replay exactly what was exported. */
export const POST = apiRoute("POST /api/imports", async (request) => {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_IMPORT_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", `Import larger than ${MAX_IMPORT_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", `Import larger than ${MAX_IMPORT_BYTES} bytes`);
  if (!text.trim())
    throw new AppError("VALIDATION_ERROR", "The body is empty", {
      details: [{ path: "", message: "Send a MAMS JSONL export" }],
    });
  const { repo } = await getServices();
  const episodes = await importJsonl(repo, text);
  return Response.json({ episodes }, { status: 201 });
});
