import { env } from "@/lib/config/env.mjs";
import { serverLog } from "@/lib/sentry/server/server-log";
import { AppError } from "@/lib/errors/app-error";
import { checkEnvelope, readBounded, TUNNEL_MAX_BYTES } from "@/lib/sentry/server/tunnel";

export const dynamic = "force-dynamic";

const UPSTREAM_TIMEOUT_MS = 5_000;
const PASSED_HEADERS = ["x-sentry-rate-limits", "retry-after"];

/** Our own tunnel: browser envelopes survive ad blockers and reach any DSN, sentry.io or self-hosted. */
export async function POST(request: Request) {
  const dsn = env.NEXT_PUBLIC_SENTRY_DSN_FRONTEND;
  if (!dsn)
    return new AppError(
      "NOT_FOUND",
      "The Sentry tunnel is off: no frontend DSN is configured",
    ).toResponse();

  const body = await readBounded(request);
  if (!body) {
    return new AppError(
      "PAYLOAD_TOO_LARGE",
      `Envelope larger than ${TUNNEL_MAX_BYTES} bytes`,
    ).toResponse();
  }
  const decision = checkEnvelope(body, dsn);
  if (!decision.ok) return new AppError(decision.code, decision.reason).toResponse();

  try {
    const upstream = await fetch(decision.upstream, {
      method: "POST",
      body: body as BodyInit,
      headers: { "content-type": "application/x-sentry-envelope" },
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    const headers = new Headers();
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) headers.set(name, value);
    }
    await upstream.body?.cancel();
    return new Response(null, { status: upstream.status, headers });
  } catch (error) {
    // Reporting this to Sentry would loop through the same unreachable upstream.
    // The backend's own log goes out on the server's transport, not through this upstream.
    serverLog.warn("tunnel: Sentry upstream unreachable", {
      "error.name": (error as Error).name,
      "upstream.host": new URL(decision.upstream).host,
    });
    return new AppError("UPSTREAM_UNAVAILABLE", "Sentry is unreachable").toResponse();
  }
}
