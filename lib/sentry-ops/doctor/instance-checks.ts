// A running app: /api/health answers, Sentry is initialised, the clock agrees with Sentry's; and
// Spotlight for local development.
import { fail, NETWORK_TIMEOUT_MS, networkReason, pass, warn, type CheckResult } from "./check";

/** A running instance: it answers, Sentry is initialised once, and its clock agrees with Sentry's. */
export async function instanceChecks(
  appUrl: string,
  sentryDate: string | undefined,
  fetchImpl: typeof fetch,
): Promise<CheckResult[]> {
  let response: Response;
  let body: { sentry?: { runtimes?: string[] } } = {};
  const started = performance.now();
  try {
    response = await fetchImpl(new URL("/api/health", appUrl), {
      signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS),
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

export async function spotlightCheck(url: string, fetchImpl: typeof fetch): Promise<CheckResult> {
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS) });
    return pass("spotlight", `${url} answers (HTTP ${response.status})`);
  } catch (error) {
    return fail(
      "spotlight",
      `${url} is not reachable: ${networkReason(error)}`,
      "run `npm run dev` (it starts Spotlight) or `npx @spotlightjs/spotlight`",
    );
  }
}
