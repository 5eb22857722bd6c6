import "server-only";
/**
 * One bounded, streaming body reader for every route: stops reading (and cancels the stream) as soon
 * as the body passes `limit`, whatever Content-Length said or whether the body is chunked.
 * Returns undefined when the body is larger than `limit`.
 */
export async function readBoundedBody(
  request: Request,
  limit: number,
): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return undefined;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const NUL = "\u0000";
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function badTextReason(text: string): string | undefined {
  if (text.includes(NUL)) return "Must not contain the NUL character";
  if (LONE_SURROGATE.test(text)) return "Must not contain unpaired surrogates (invalid Unicode)";
  return undefined;
}

/** Every string in a parsed JSON value (keys included) that PostgreSQL text or JSON could not store. */
export function badStrings(
  value: unknown,
  path: (string | number)[] = [],
  found: Array<{ path: (string | number)[]; message: string }> = [],
) {
  if (found.length >= 20) return found;
  if (typeof value === "string") {
    const reason = badTextReason(value);
    if (reason) found.push({ path, message: reason });
  } else if (Array.isArray(value)) {
    value.forEach((entry, index) => badStrings(entry, [...path, index], found));
  } else if (value && typeof value === "object") {
    for (const [key, entry] of Object.entries(value)) {
      const reason = badTextReason(key);
      if (reason) found.push({ path: [...path, key], message: `Field name: ${reason}` });
      badStrings(entry, [...path, key], found);
    }
  }
  return found;
}
