import "server-only";
import { z } from "zod";
import { fieldErrors } from "@/lib/server/http/handler";
import { AppError } from "@/lib/errors/app-error";

const exportQuerySchema = z.object({
  format: z.enum(["jsonl", "csv"], { error: "One of jsonl, csv" }).default("jsonl"),
});

export function exportFormat(request: Request): "jsonl" | "csv" {
  const parsed = exportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    throw new AppError("VALIDATION_ERROR", "The query is invalid", {
      details: fieldErrors(parsed.error.issues),
    });
  return parsed.data.format;
}

export function download(body: string, format: "jsonl" | "csv", name: string): Response {
  const type = format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  return new Response(body, {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${name}.${format}"`,
      "cache-control": "no-store",
    },
  });
}

/** An export holds every event, so it may be far larger than an API body. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
