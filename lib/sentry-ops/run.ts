import type { AppEnv } from "@/lib/config/env-schema.mjs";
import { buildPlan } from "./plan";
import { applyPlan, formatOutcomes, formatPlan } from "./report";
import { SentryApiClient } from "./sentry-api-client";
import { opsSettings } from "./settings";

export type RunOptions = { env: AppEnv; print?: (line: string) => void; fetch?: typeof fetch };

/** `npm run sentry:plan` / `sentry:apply`, callable in-process by the tests. Returns the exit code. */
export async function runOps(mode: "plan" | "apply", options: RunOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const resolved = opsSettings(options.env);
  if (!resolved.ok) {
    for (const error of resolved.errors) print(`✗ ${error}`);
    return 2;
  }
  const { settings, notes } = resolved;
  const client = new SentryApiClient({
    baseUrl: settings.baseUrl,
    token: settings.token,
    org: settings.org,
    fetch: options.fetch,
  });
  const plan = await buildPlan(client, settings, notes);
  if (mode === "plan") {
    for (const line of formatPlan(plan)) print(line);
    return plan.failures.length ? 1 : 0;
  }
  const outcomes = await applyPlan(plan, settings.org);
  for (const line of formatOutcomes(plan, outcomes)) print(line);
  return outcomes.some((outcome) => !outcome.ok) ? 1 : 0;
}
