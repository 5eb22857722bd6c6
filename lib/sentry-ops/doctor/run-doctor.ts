import { resolveSentryEnv, type AppEnv } from "@/lib/config/env-schema.mjs";
import { sentryArtifactChecks } from "./artifact-checks";
import { buildChecks } from "./build-checks";
import { formatResults, pass, warn, type CheckResult } from "./check";
import { configChecks } from "./config-checks";
import { egressCheck, tunnelCheck } from "./egress-checks";
import { instanceChecks, spotlightCheck } from "./instance-checks";

export type DoctorOptions = {
  env: AppEnv;
  /** The release a build made now would carry (lib/config/release.mjs resolves it). */
  release: string;
  distDir: string;
  url?: string;
  spotlightUrl?: string;
  fetch?: typeof fetch;
  print?: (line: string) => void;
};

/** `npm run sentry:doctor`: docs/sentry.md › Troubleshooting as a command. Exit code 1 when anything FAILs. */
export async function runDoctor(options: DoctorOptions): Promise<number> {
  const { env } = options;
  const fetchImpl = options.fetch ?? fetch;
  const print = options.print ?? ((line: string) => console.log(line));
  const results: CheckResult[] = [
    ...configChecks(env),
    pass(
      "release",
      `events carry release ${options.release}${env.SENTRY_RELEASE && env.SENTRY_RELEASE !== "auto" ? "" : " (SENTRY_RELEASE=auto: the git commit)"}`,
    ),
  ];
  const build = buildChecks(env, options.distDir, options.release);
  results.push(...build.results);

  let sentryDate: string | undefined;
  for (const [side, dsn] of [
    ["backend", env.SENTRY_DSN_BACKEND],
    ["frontend", env.SENTRY_DSN_FRONTEND],
  ] as const) {
    if (!dsn) continue;
    const egress = await egressCheck(`egress.${side}`, dsn, fetchImpl);
    results.push(egress.result);
    sentryDate ??= egress.date;
  }

  if (env.SENTRY_AUTH_TOKEN && env.SENTRY_ORG && env.SENTRY_PROJECT_FRONTEND) {
    const api = {
      baseUrl: env.SENTRY_URL ?? "https://sentry.io",
      token: env.SENTRY_AUTH_TOKEN,
      org: env.SENTRY_ORG,
      frontendProject: env.SENTRY_PROJECT_FRONTEND,
    };
    const artifacts = await sentryArtifactChecks(
      api,
      build.facts.release,
      build.facts.debugId?.id,
      fetchImpl,
    );
    results.push(...artifacts.results);
    sentryDate ??= artifacts.date;
  } else if (build.facts.release || build.facts.debugId) {
    results.push(
      warn(
        "release.sentry",
        "cannot ask Sentry about the release and source maps",
        "set SENTRY_AUTH_TOKEN, SENTRY_ORG and SENTRY_PROJECT_FRONTEND",
      ),
    );
  }

  if (options.url) {
    results.push(...(await instanceChecks(options.url, sentryDate, fetchImpl)));
    if (env.SENTRY_DSN_FRONTEND)
      results.push(await tunnelCheck(options.url, env.SENTRY_DSN_FRONTEND, fetchImpl));
  }

  const environment = resolveSentryEnv({ SENTRY_ENV: env.SENTRY_ENV, NODE_ENV: env.NODE_ENV });
  if (environment === "development" || env.SENTRY_SPOTLIGHT)
    results.push(await spotlightCheck(options.spotlightUrl ?? "http://localhost:8969/", fetchImpl));

  for (const line of formatResults(results)) print(line);
  return results.some((result) => result.status === "FAIL") ? 1 : 0;
}
