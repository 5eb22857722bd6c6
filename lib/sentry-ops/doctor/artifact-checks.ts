// What Sentry holds for this build, through its web API: the release and the browser source maps.
import { SentryApiClient, SentryApiError } from "../sentry-api-client";
import { fail, NETWORK_TIMEOUT_MS, networkReason, pass, type CheckResult } from "./check";

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
  fetchImpl: typeof fetch,
): Promise<{ results: CheckResult[]; date?: string }> {
  const client = new SentryApiClient({ ...api, fetch: fetchImpl, timeoutMs: NETWORK_TIMEOUT_MS });
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
