import { randomUUID } from "node:crypto";
import { envelopeUrl, parseDsn } from "@/lib/sentry/shared/dsn";
import { SentryApiClient, SentryApiError } from "../sentry-api-client";
import { fail, networkReason, pass, warn, type CheckResult } from "./check";

type Fetch = typeof fetch;
const TIMEOUT_MS = 5000;

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
  fetchImpl: Fetch,
): Promise<{ result: CheckResult; date?: string }> {
  const parsed = parseDsn(dsn)!;
  const url = `${envelopeUrl(parsed)}?sentry_key=${parsed.publicKey}&sentry_version=7`;
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/x-sentry-envelope" },
      body: testEnvelope(dsn),
      signal: AbortSignal.timeout(TIMEOUT_MS),
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
  fetchImpl: Fetch,
): Promise<CheckResult> {
  try {
    const response = await fetchImpl(new URL("/monitoring", appUrl), {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: testEnvelope(frontendDsn),
      signal: AbortSignal.timeout(TIMEOUT_MS),
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

export type SentryApiSettings = {
  baseUrl: string;
  token: string;
  org: string;
  frontendProject: string;
};

/** The release Sentry knows and one built chunk's debug id, through the web API. */
export async function sentryArtifactChecks(
  api: SentryApiSettings,
  release: string | undefined,
  debugId: string | undefined,
  fetchImpl: Fetch,
): Promise<{ results: CheckResult[]; date?: string }> {
  const client = new SentryApiClient({ ...api, fetch: fetchImpl, timeoutMs: TIMEOUT_MS });
  const results: CheckResult[] = [];
  const explain = (error: unknown) =>
    error instanceof SentryApiError
      ? error.explain(api.org)
      : `cannot reach ${api.baseUrl}: ${networkReason(error)}`;
  if (release) {
    try {
      await client.getRelease(release);
      results.push(pass("release.sentry", `Sentry knows release ${release}`));
    } catch (error) {
      const missing = error instanceof SentryApiError && error.status === 404;
      results.push(
        fail(
          "release.sentry",
          missing ? `Sentry does not know release ${release}` : explain(error),
          missing
            ? "build with SENTRY_AUTH_TOKEN set so the release is created and maps uploaded"
            : "check SENTRY_URL, SENTRY_AUTH_TOKEN and network access",
        ),
      );
    }
  }
  if (debugId) {
    try {
      const found = await client.lookupDebugId(api.frontendProject, debugId);
      results.push(
        found.length
          ? pass(
              "sourcemaps.debug-id",
              `debug id ${debugId} is in ${found.length} uploaded bundle(s)`,
            )
          : fail(
              "sourcemaps.debug-id",
              `Sentry has no artifact bundle with debug id ${debugId}: browser stack traces stay minified`,
              "rebuild with SENTRY_AUTH_TOKEN so the maps are uploaded, and deploy that build",
            ),
      );
    } catch (error) {
      results.push(
        fail(
          "sourcemaps.debug-id",
          explain(error),
          "check SENTRY_URL, SENTRY_AUTH_TOKEN (scope project:releases) and network access",
        ),
      );
    }
  }
  return { results, date: client.lastDate };
}

/** A running instance: it answers, Sentry is initialised once, and its clock agrees with Sentry's. */
export async function instanceChecks(
  appUrl: string,
  sentryDate: string | undefined,
  fetchImpl: Fetch,
): Promise<CheckResult[]> {
  let response: Response;
  let body: { sentry?: { runtimes?: string[] } } = {};
  const started = performance.now();
  try {
    response = await fetchImpl(new URL("/api/health", appUrl), {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    body = (await response.json().catch(() => ({}))) as typeof body;
  } catch (error) {
    return [
      fail(
        "instance",
        `${appUrl}/api/health does not answer: ${networkReason(error)}`,
        "start the app (npm start) or pass the right --url",
      ),
    ];
  }
  const results: CheckResult[] = [];
  const took = Math.round(performance.now() - started);
  results.push(
    response.ok
      ? pass("instance", `${appUrl}/api/health → HTTP ${response.status} in ${took} ms`)
      : fail("instance", `${appUrl}/api/health → HTTP ${response.status}`, "read the server log"),
  );
  // initOnce (lib/sentry/shared/init-once.ts) records each runtime it initialised, once; /api/health lists them.
  const runtimes = body.sentry?.runtimes;
  if (!runtimes)
    results.push(
      warn(
        "instance.sentry",
        "/api/health does not say whether Sentry is initialised (an older build?)",
        "deploy a build that includes sentry.runtimes in /api/health",
      ),
    );
  else if (runtimes.includes("nodejs"))
    results.push(pass("instance.sentry", `Sentry initialised once (${runtimes.join(", ")})`));
  else
    results.push(
      warn(
        "instance.sentry",
        "the instance runs without Sentry",
        "set SENTRY_DSN_BACKEND in the server's environment and restart",
      ),
    );

  const instanceDate = response.headers.get("date");
  if (instanceDate && sentryDate) {
    const skew = Math.round(Math.abs(Date.parse(instanceDate) - Date.parse(sentryDate)) / 1000);
    const detail = `the instance's clock is ${skew} s from Sentry's (HTTP Date headers)`;
    results.push(
      skew <= 30
        ? pass("instance.clock", detail)
        : skew <= 300
          ? warn("instance.clock", detail, "enable NTP on the host")
          : fail(
              "instance.clock",
              `${detail}: event times and trace ordering will be wrong`,
              "enable NTP on the host",
            ),
    );
  } else {
    results.push(
      warn(
        "instance.clock",
        "cannot compare clocks: no Date header from Sentry (every Sentry check failed or was skipped)",
        "fix the checks above, then run again",
      ),
    );
  }
  return results;
}

export async function spotlightCheck(url: string, fetchImpl: Fetch): Promise<CheckResult> {
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return pass("spotlight", `${url} answers (HTTP ${response.status})`);
  } catch (error) {
    return fail(
      "spotlight",
      `${url} is not reachable: ${networkReason(error)}`,
      "run `npm run dev` (it starts Spotlight) or `npx @spotlightjs/spotlight`",
    );
  }
}
