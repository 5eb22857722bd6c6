import "server-only";
import { readBoundedBody } from "@/lib/server/http/body";
import { envelopeUrl, parseDsn } from "../shared/dsn";

export const TUNNEL_MAX_BYTES = 1024 * 1024;

export type TunnelDecision =
  | { ok: true; upstream: string }
  | { ok: false; status: 400 | 403; code: "VALIDATION_ERROR" | "FORBIDDEN"; reason: string };

/**
 * Accepts an envelope only when its header names exactly the configured frontend DSN.
 * The upstream comes from our configuration, never from the envelope: this is no open relay.
 */
export function checkEnvelope(body: Uint8Array, allowedDsn: string): TunnelDecision {
  const newline = body.indexOf(0x0a);
  const headerText = new TextDecoder().decode(newline === -1 ? body : body.subarray(0, newline));
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch {
    return {
      ok: false,
      status: 400,
      code: "VALIDATION_ERROR",
      reason: "envelope header is not JSON",
    };
  }
  const dsnText = (header as { dsn?: unknown } | null)?.dsn;
  if (typeof dsnText !== "string")
    return {
      ok: false,
      status: 400,
      code: "VALIDATION_ERROR",
      reason: "envelope header has no dsn",
    };
  const given = parseDsn(dsnText);
  const allowed = parseDsn(allowedDsn);
  if (!given || !allowed)
    return {
      ok: false,
      status: 400,
      code: "VALIDATION_ERROR",
      reason: "envelope dsn is not a DSN",
    };
  const same =
    given.publicKey === allowed.publicKey &&
    given.host === allowed.host &&
    given.path === allowed.path &&
    given.projectId === allowed.projectId &&
    given.protocol === allowed.protocol;
  if (!same)
    return {
      ok: false,
      status: 403,
      code: "FORBIDDEN",
      reason: "envelope is addressed to another DSN",
    };
  return { ok: true, upstream: envelopeUrl(allowed) };
}

/** Reads at most `limit` bytes; returns undefined when the body is larger (the one reader every route uses). */
export function readBounded(
  request: Request,
  limit = TUNNEL_MAX_BYTES,
): Promise<Uint8Array | undefined> {
  return readBoundedBody(request, limit);
}
