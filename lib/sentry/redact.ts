import { createHash } from "node:crypto";
import { scrubString } from "./scrub";

const CONTEXT_BLOCK = /<mams-context>[\s\S]*?<\/mams-context>/g;

/** Prompts and outputs never go to Sentry whole: a short hash to correlate, a scrubbed snippet to read. */
export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

export function redactedSnippet(text: string, max = 80): string {
  const clean = scrubString(text.replace(CONTEXT_BLOCK, "").replace(/\s+/g, " ").trim());
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
