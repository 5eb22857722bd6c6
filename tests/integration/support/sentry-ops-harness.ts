import { buildEnv } from "@/lib/config/env-schema.mjs";
import { runOps } from "@/lib/sentry-ops/run";
import { createSentryApiStub } from "../../shared/sentry-api-stub";
import type { OpsStubOptions } from "../../shared/sentry-api-stub/ops-routes";

export const OPS_TOKEN = "sntrys_ops_test_token_0123456789abcdef";
export const READ_ONLY_TOKEN = "sntrys_ops_read_only_token_0123456789";
export const OPS_ORG = "mams-ops";

/** A Sentry API stand-in in this process, and a way to run plan/apply against it and read what they printed. */
export async function startOpsStub(ops: OpsStubOptions = {}) {
  const stub = createSentryApiStub({
    token: OPS_TOKEN,
    org: OPS_ORG,
    ops,
    tokens: { [READ_ONLY_TOKEN]: ["org:read", "project:read", "alerts:read"] },
  });
  const url = await stub.listen(0);
  const baseEnv: Record<string, string> = {
    SENTRY_URL: url,
    SENTRY_AUTH_TOKEN: OPS_TOKEN,
    SENTRY_ORG: OPS_ORG,
    SENTRY_PROJECT_FRONTEND: "mams-frontend",
    SENTRY_PROJECT_BACKEND: "mams-backend",
  };
  async function run(mode: "plan" | "apply", overrides: Record<string, string | undefined> = {}) {
    const lines: string[] = [];
    const code = await runOps(mode, {
      env: buildEnv({ ...baseEnv, ...overrides }),
      print: (line) => lines.push(line),
    });
    return { code, lines, text: lines.join("\n") };
  }
  return { stub, url, run, close: () => stub.close() };
}
