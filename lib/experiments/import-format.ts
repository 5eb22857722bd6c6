import "server-only";
import { z } from "zod";
import { EXPORT_FORMAT } from "./export-format";

const lineSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("manifest"),
      format: z.literal(EXPORT_FORMAT, { error: `Only ${EXPORT_FORMAT} files can be imported` }),
    })
    .passthrough(),
  z
    .object({
      kind: z.literal("episode"),
      id: z.string().min(1),
      config: z.record(z.string(), z.unknown()),
    })
    .passthrough(),
  z
    .object({
      kind: z.literal("room"),
      episodeId: z.string(),
      id: z.string(),
      position: z.number().int().min(0),
      itemName: z.string(),
      sellers: z.array(z.string()),
      status: z.enum(["planned", "running", "completed", "failed", "interrupted", "no_sellers"]),
      startedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
    })
    .passthrough(),
  z.object({
    kind: z.literal("event"),
    roomId: z.string(),
    event: z
      .object({ type: z.string(), seq: z.number().int().min(1), at: z.string() })
      .passthrough(),
  }),
]);

export type ParsedLine = z.infer<typeof lineSchema>;

/** Parses an export line by line; a bad line is named by its number. */
export function parseJsonl(text: string): {
  lines: ParsedLine[];
  errors: Array<{ path: string; message: string }>;
} {
  const lines: ParsedLine[] = [];
  const errors: Array<{ path: string; message: string }> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      errors.push({ path: `line ${index + 1}`, message: "Not valid JSON" });
      return;
    }
    const parsed = lineSchema.safeParse(value);
    if (parsed.success) lines.push(parsed.data);
    else
      errors.push({
        path: `line ${index + 1}${parsed.error.issues[0]?.path.length ? "." + parsed.error.issues[0].path.join(".") : ""}`,
        message: parsed.error.issues[0]?.message ?? "Invalid",
      });
  });
  return { lines, errors };
}
