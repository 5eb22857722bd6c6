import { gunzipSync } from "node:zlib";

export type EnvelopeItem = { header: Record<string, unknown>; payload: unknown };
export type Envelope = { header: Record<string, unknown>; items: EnvelopeItem[] };

/** Parses Sentry's envelope format: a header line, then items (header line + payload by length or newline). */
export function parseEnvelope(raw: Buffer): Envelope {
  let offset = 0;
  const readLine = (): Buffer => {
    const end = raw.indexOf(0x0a, offset);
    const line = raw.subarray(offset, end === -1 ? raw.length : end);
    offset = end === -1 ? raw.length : end + 1;
    return line;
  };
  const header = JSON.parse(readLine().toString("utf8")) as Record<string, unknown>;
  const items: EnvelopeItem[] = [];
  while (offset < raw.length) {
    const line = readLine();
    if (line.length === 0) continue;
    const itemHeader = JSON.parse(line.toString("utf8")) as Record<string, unknown>;
    let body: Buffer;
    if (typeof itemHeader.length === "number") {
      body = raw.subarray(offset, offset + itemHeader.length);
      offset += itemHeader.length;
      if (raw[offset] === 0x0a) offset += 1;
    } else {
      body = readLine();
    }
    items.push({ header: itemHeader, payload: decodePayload(itemHeader, body) });
  }
  return { header, items };
}

function decodePayload(header: Record<string, unknown>, body: Buffer): unknown {
  const type = header.type;
  if (type === "attachment" || type === "replay_recording" || type === "profile_chunk")
    return body.toString("base64");
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return body.toString("utf8");
  }
}

export function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding?.includes("gzip") || (body[0] === 0x1f && body[1] === 0x8b)) return gunzipSync(body);
  return body;
}
