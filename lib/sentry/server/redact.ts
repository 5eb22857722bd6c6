import "server-only";
import { createHash } from "node:crypto";
import { scrubString } from "../shared/scrub";

/** Prompts and outputs never go to Sentry whole: a short hash to correlate, a scrubbed snippet to read. */
export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * Cut first, then scrub: the cost of a snippet does not grow with the prompt (a run renders one per
 * agent turn). The window is several times the snippet so that a secret crossing the snippet's end is
 * still whole (and recognised) when the scrubber sees it.
 */
export function redactedSnippet(text: string, max = 80): string {
  const clean = scrubString(
    text
      .slice(0, max * 4)
      .replace(/\s+/g, " ")
      .trim(),
  );
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
