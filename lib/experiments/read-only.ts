import "server-only";
import type { EpisodeSource } from "@/lib/db/schema";

/** Imported episodes replay what was exported; nothing can start, stop or post in them. */
export function isReadOnly(source: EpisodeSource | undefined): boolean {
  return source?.kind === "import";
}
