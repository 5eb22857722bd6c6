import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { buildEnv } from "@/lib/config/env-schema.mjs";
import { describeOperations } from "@/lib/sentry-ops/description";
import {
  CODEOWNERS_PATH,
  OWNERSHIP_RULES,
  codeownersFile,
  sentryOwnershipRaw,
} from "@/lib/sentry-ops/ownership";
import { opsSettings } from "@/lib/sentry-ops/settings";
import { THRESHOLDS } from "@/lib/sentry-ops/thresholds";
import { NO_BACKEND_DSN_NOTICE, noticeMissingBackendDsn } from "@/lib/sentry/server/no-dsn-notice";
import { scrubValue } from "@/lib/sentry/shared/scrub";
import {
  SAFE_FIELD_NAMES,
  SENSITIVE_KEY_NAMES,
  serverSensitiveFields,
} from "@/lib/sentry/shared/sensitive-names";

const settings = (extra: Record<string, string> = {}) => {
  const result = opsSettings(
    buildEnv({
      SENTRY_AUTH_TOKEN: "t",
      SENTRY_ORG: "o",
      SENTRY_PROJECT_FRONTEND: "f",
      SENTRY_PROJECT_BACKEND: "b",
      ...extra,
    }),
  );
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.settings;
};

describe("ownership: one source, one derived file", () => {
  it(`${CODEOWNERS_PATH} is exactly what lib/sentry-ops/ownership.ts generates (run npm run sentry:codeowners)`, () => {
    expect(readFileSync(CODEOWNERS_PATH, "utf8")).toBe(codeownersFile());
  });

  it("routes LLM code and LLM error codes to the LLM owners, API routes to backend, components to frontend", () => {
    expect(sentryOwnershipRaw("backend").split("\n")).toEqual(
      expect.arrayContaining([
        "path:lib/ai/** #mams-llm",
        "tags.error.code:LLM_* #mams-llm",
        "path:app/api/** #mams-backend",
      ]),
    );
    expect(sentryOwnershipRaw("frontend").split("\n")).toContain(
      "path:components/** #mams-frontend",
    );
    for (const rule of OWNERSHIP_RULES.filter((r) => r.kind === "path"))
      expect(codeownersFile()).toContain(`/${rule.pattern} @mams-dev/mams-`);
  });
});

describe("one list of sensitive names feeds the SDK and the server", () => {
  it("every spelling Sentry is told to scrub is also scrubbed by the SDK", () => {
    for (const field of serverSensitiveFields())
      expect(scrubValue({ [field]: "value" })).toEqual({ [field]: "[Filtered]" });
    expect(serverSensitiveFields()).toEqual(
      expect.arrayContaining(["api_key", "api-key", "apikey", "database_url", "sentry_auth_token"]),
    );
    expect(serverSensitiveFields().length).toBeGreaterThanOrEqual(SENSITIVE_KEY_NAMES.length);
  });

  it("the safe fields are kept by the SDK too, and the description sends both lists to both projects", () => {
    const kept = Object.fromEntries(SAFE_FIELD_NAMES.map((name) => [name, "42"]));
    expect(scrubValue(kept)).toEqual(kept);
    const scrubbing = describeOperations(settings(), new Map()).filter(
      (o) => o.kind === "scrubbing",
    );
    expect(scrubbing.map((o) => o.project).sort()).toEqual(["b", "f"]);
    for (const object of scrubbing) {
      expect(object.kind === "scrubbing" && object.body).toEqual({
        dataScrubber: true,
        dataScrubberDefaults: true,
        scrubIPAddresses: true,
        sensitiveFields: serverSensitiveFields(),
        safeFields: SAFE_FIELD_NAMES,
      });
    }
  });
});

describe("environments and thresholds", () => {
  it("development never alerts: it cannot be listed, and the default covers staging and production only", () => {
    expect(() => buildEnv({ SENTRY_OPS_ENVIRONMENTS: "development" })).toThrow(
      /SENTRY_OPS_ENVIRONMENTS: must be a comma-separated list of staging\|production/,
    );
    const environments = new Set(
      describeOperations(settings(), new Map()).flatMap((o) =>
        "body" in o && o.body && "environment" in o.body ? [o.body.environment] : [],
      ),
    );
    expect([...environments].sort()).toEqual(["production", "staging"]);
  });

  it("filters localhost only when the projects receive production", () => {
    const localhost = (extra: Record<string, string>) =>
      describeOperations(settings(extra), new Map())
        .filter((o) => o.kind === "filter" && o.filterId === "localhost")
        .map((o) => o.kind === "filter" && o.body);
    expect(localhost({})).toEqual([{ active: true }, { active: true }]);
    expect(localhost({ SENTRY_OPS_ENVIRONMENTS: "staging" })).toEqual([
      { active: false },
      { active: false },
    ]);
  });

  it("every level is ordered the way Sentry requires: critical above warning above resolve", () => {
    for (const environment of Object.values(THRESHOLDS)) {
      const levels = [
        environment.llmFaultsPer10Minutes,
        environment.httpFailureRatePercent,
        ...Object.values(environment.latencyMs).flatMap((l) => [l.p95, l.p99]),
      ];
      for (const level of levels)
        expect(level.critical > level.warning && level.warning > level.resolve).toBe(true);
    }
  });
});

describe("a production server without a backend DSN", () => {
  it("says so once, with the fix; development and configured servers stay quiet", () => {
    // Once per process: start from a process that has not said it yet (unit files share one process).
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("mams.sentry.noBackendDsnNoticed")];
    const log = vi.fn();
    expect(noticeMissingBackendDsn({ nodeEnv: "development" }, log)).toBe(false);
    expect(
      noticeMissingBackendDsn(
        { dsn: "https://k@o1.ingest.sentry.io/1", nodeEnv: "production" },
        log,
      ),
    ).toBe(false);
    expect(noticeMissingBackendDsn({ nodeEnv: "production" }, log)).toBe(true);
    expect(noticeMissingBackendDsn({ nodeEnv: "production" }, log)).toBe(false);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(NO_BACKEND_DSN_NOTICE);
    expect(NO_BACKEND_DSN_NOTICE).toMatch(
      /SENTRY_DSN_BACKEND is not set.*Fix: set SENTRY_DSN_BACKEND=/,
    );
  });
});
