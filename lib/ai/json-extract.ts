import "server-only";
/**
 * Finding the JSON object in what a model actually wrote: after a <think> block, inside a
 * ```json fence, after a sentence. Pure; used for every answer, whatever the output mode.
 */

const REASONING_BLOCK = /<(think|thinking|reasoning)>[\s\S]*?(<\/\1>|$)/gi;

/** Reasoning blocks removed, including a dangling `</think>` whose opening tag the server dropped. */
export function withoutReasoning(text: string): string {
  let out = text.replace(REASONING_BLOCK, "");
  const dangling = out.search(/<\/(think|thinking|reasoning)>/i);
  if (dangling >= 0) out = out.slice(out.indexOf(">", dangling) + 1);
  return out.trim();
}

/** Every top-level `{...}` span, balanced and aware of strings; `truncated` when one never closes. */
function objectSpans(text: string): { spans: string[]; truncated: boolean } {
  const spans: string[] = [];
  let start = -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === "}" && depth > 0) {
      depth--;
      if (depth === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return { spans, truncated: depth > 0 };
}

function parseObject(candidate: string): Record<string, unknown> | undefined {
  for (const attempt of [
    candidate,
    candidate.replace(/,\s*([}\]])/g, "$1").replace(/[“”]/g, '"'),
  ]) {
    try {
      const value: unknown = JSON.parse(attempt);
      if (value && typeof value === "object" && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // try the next repair
    }
  }
  return undefined;
}

export type Extracted =
  | { kind: "object"; value: Record<string, unknown> }
  | { kind: "ambiguous" }
  | { kind: "invalid" }
  | { kind: "none" };

/**
 * The one JSON object in the answer. Fenced blocks win over loose braces; two different
 * objects are ambiguous (never pick one); braces that never parse or never close (an answer
 * cut off by max tokens) are invalid JSON.
 */
export function extractJsonObject(text: string): Extracted {
  const fences = [...text.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)].map((m) => m[1]!.trim());
  for (const source of [fences.join("\n"), text]) {
    const { spans, truncated } = objectSpans(source);
    if (truncated) return { kind: "invalid" };
    if (!spans.length) continue;
    const parsed = spans
      .map(parseObject)
      .filter((v): v is Record<string, unknown> => v !== undefined);
    const distinct = [...new Map(parsed.map((v) => [JSON.stringify(v), v])).values()];
    if (distinct.length === 1) return { kind: "object", value: distinct[0]! };
    if (distinct.length > 1) return { kind: "ambiguous" };
    return { kind: "invalid" };
  }
  return { kind: "none" };
}
