import "server-only";
import { createHash } from "node:crypto";
import { scrubString } from "../shared/scrub";

const CONTEXT_OPEN = "<mams-context>";
const CONTEXT_CLOSE = "</mams-context>";

/** Prompts and outputs never go to Sentry whole: a short hash to correlate, a scrubbed snippet to read. */
export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * The first `limit` characters outside <mams-context> blocks, reading no further than it needs:
 * the cost of a snippet does not grow with the prompt (a run renders one per agent turn).
 */
function visibleHead(text: string, limit: number): string {
  let out = "";
  let at = 0;
  while (at < text.length && out.length < limit) {
    const window = text.slice(at, at + (limit - out.length) + CONTEXT_OPEN.length);
    const open = window.indexOf(CONTEXT_OPEN);
    out += window.slice(0, open === -1 ? limit - out.length : open);
    if (open === -1) break;
    const close = text.indexOf(CONTEXT_CLOSE, at + open + CONTEXT_OPEN.length);
    if (close === -1) break;
    at = close + CONTEXT_CLOSE.length;
  }
  return out;
}

/**
 * Cut first, then scrub. The window is several times the snippet so that a secret crossing the
 * snippet's end is still whole (and recognised) when the scrubber sees it.
 */
export function redactedSnippet(text: string, max = 80): string {
  const clean = scrubString(visibleHead(text, max * 4).replace(/\s+/g, " ").trim());
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
