// Can this machine reach Sentry? A real envelope to each DSN, and one through the app's /monitoring tunnel.
import { randomUUID } from "node:crypto";
import { envelopeUrl, parseDsn } from "@/lib/sentry/shared/dsn";
import { fail, NETWORK_TIMEOUT_MS, networkReason, pass, warn, type CheckResult } from "./check";

/** A client report: a real envelope that Sentry accepts and counts, but that opens no issue. */
export function testEnvelope(dsn: string): string {
  const header = {
    event_id: randomUUID().replace(/-/g, ""),
    dsn,
    sent_at: new Date().toISOString(),
    sdk: { name: "mams.sentry-doctor", version: "1" },
  };
  const payload = JSON.stringify({ timestamp: Date.now() / 1000, discarded_events: [] });
  return `${JSON.stringify(header)}\n${JSON.stringify({ type: "client_report", length: Buffer.byteLength(payload) })}\n${payload}\n`;
}

const rateLimitHeaders = (response: Response) =>
  ["x-sentry-rate-limits", "retry-after"]
    .map((name) => [name, response.headers.get(name)] as const)
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}: ${value}`)
    .join(", ");

export async function egressCheck(
  name: string,
  dsn: string,
  fetchImpl: typeof fetch,
): Promise<{ result: CheckResult; date?: string }> {
  const parsed = parseDsn(dsn)!;
  const url = `${envelopeUrl(parsed)}?sentry_key=${parsed.publicKey}&sentry_version=7`;
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/x-sentry-envelope" },
      body: testEnvelope(dsn),
      signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS),
    });
    const limits = rateLimitHeaders(response);
    const detail = `POST ${parsed.host}${parsed.path}/api/${parsed.projectId}/envelope/ → HTTP ${response.status}${limits ? ` (${limits})` : ""}`;
    const date = response.headers.get("date") ?? undefined;
    if (response.ok) return { result: pass(name, detail), date };
    if (response.status === 429)
      return {
        result: warn(
          name,
          detail,
          "the project or key is rate limited: raise the key's rate limit or the quota",
        ),
        date,
      };
    return {
      result: fail(
        name,
        detail,
        response.status === 401 || response.status === 403
          ? "the key is revoked or the project disabled: copy a current DSN"
          : "check the DSN's host and path",
      ),
      date,
    };
  } catch (error) {
    return {
      result: fail(
        name,
        `cannot reach ${parsed.host}: ${networkReason(error)}`,
        `allow outgoing HTTPS from this machine to ${parsed.host} (proxy, firewall, DNS)`,
      ),
    };
  }
}

export async function tunnelCheck(
  appUrl: string,
  frontendDsn: string,
  fetchImpl: typeof fetch,
): Promise<CheckResult> {
  try {
    const response = await fetchImpl(new URL("/monitoring", appUrl), {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: testEnvelope(frontendDsn),
      signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS),
    });
    const detail = `POST ${appUrl}/monitoring → HTTP ${response.status}`;
    if (response.ok) return pass("egress.tunnel", detail);
    if (response.status === 403)
      return fail(
        "egress.tunnel",
        `${detail}: the instance was built with another frontend DSN`,
        "rebuild with the SENTRY_DSN_FRONTEND you are checking",
      );
    if (response.status === 502)
      return fail(
        "egress.tunnel",
        `${detail}: the server cannot reach Sentry`,
        "allow the server's outgoing HTTPS to the DSN host",
      );
    return fail("egress.tunnel", detail, "see docs/sentry.md › The tunnel");
  } catch (error) {
    return fail(
      "egress.tunnel",
      `cannot reach ${appUrl}: ${networkReason(error)}`,
      "start the app or pass the right --url",
    );
  }
}
