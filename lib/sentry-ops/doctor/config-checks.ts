import {
  resolveSentryEnv,
  resolveTracesSampleRate,
  type AppEnv,
} from "@/lib/config/env-schema.mjs";
import { parseDsn } from "@/lib/sentry/shared/dsn";
import { fail, pass, warn, type CheckResult } from "./check";

/** DSNs, projects, sampling, environment: what the configuration alone can tell. */
export function configChecks(env: AppEnv): CheckResult[] {
  const results: CheckResult[] = [];
  const dsns = { backend: env.SENTRY_DSN_BACKEND, frontend: env.SENTRY_DSN_FRONTEND };
  for (const [side, dsn] of Object.entries(dsns)) {
    const variable = `SENTRY_DSN_${side.toUpperCase()}`;
    if (!dsn) {
      results.push(
        warn(
          `dsn.${side}`,
          `${variable} is not set: ${side === "backend" ? "server and edge" : "browser"} errors are not reported`,
          `set ${variable}=https://<public-key>@<host>/<project-id> (Sentry → Project Settings → Client Keys)`,
        ),
      );
      continue;
    }
    const parsed = parseDsn(dsn);
    results.push(
      parsed
        ? pass(`dsn.${side}`, `project ${parsed.projectId} on ${parsed.host}${parsed.path}`)
        : fail(`dsn.${side}`, `${variable} does not parse`, "copy the DSN again from Client Keys"),
    );
  }
  const backend = dsns.backend ? parseDsn(dsns.backend) : undefined;
  const frontend = dsns.frontend ? parseDsn(dsns.frontend) : undefined;
  if (backend && frontend) {
    results.push(
      backend.host === frontend.host && backend.projectId === frontend.projectId
        ? fail(
            "dsn.projects",
            `both DSNs point at project ${backend.projectId}: browser and server events, alerts and source maps mix`,
            "create a second project and use its DSN for SENTRY_DSN_FRONTEND",
          )
        : pass(
            "dsn.projects",
            `backend → project ${backend.projectId}, frontend → project ${frontend.projectId}`,
          ),
    );
  }
  const environment = resolveSentryEnv({ SENTRY_ENV: env.SENTRY_ENV, NODE_ENV: env.NODE_ENV });
  results.push(
    pass(
      "environment",
      `events are tagged environment=${environment}${env.SENTRY_ENV ? "" : " (default; set SENTRY_ENV to be explicit)"}`,
    ),
  );
  for (const [side, configured] of [
    ["backend", env.SENTRY_TRACES_SAMPLE_RATE_BACKEND],
    ["frontend", env.SENTRY_TRACES_SAMPLE_RATE_FRONTEND],
  ] as const) {
    const rate = resolveTracesSampleRate(configured, environment);
    const variable = `SENTRY_TRACES_SAMPLE_RATE_${side.toUpperCase()}`;
    results.push(
      rate === 0
        ? warn(
            `sampling.${side}`,
            `${variable} resolves to 0: no traces will be sent (errors still are); metric alerts on spans stay silent`,
            `set ${variable} above 0, e.g. 0.2`,
          )
        : pass(
            `sampling.${side}`,
            `traces ${rate}${configured === undefined ? ` (default for ${environment})` : ""}`,
          ),
    );
  }
  return results;
}
