import { describe, expect, it } from "vitest";
import { buildEnv, resolveSentryEnv, resolveTracesSampleRate } from "@/lib/config/env-schema.mjs";

const validate = (values: Record<string, string | undefined>) => () => buildEnv(values);

describe("environment validation", () => {
  it("accepts an empty environment and applies no surprising values", () => {
    const env = buildEnv({});
    expect(env.SENTRY_DSN_BACKEND).toBeUndefined();
    expect(env.SENTRY_SEND_DEFAULT_PII).toBeUndefined();
  });

  it.each([
    ["SENTRY_ENV", "prod", /SENTRY_ENV: must be one of development\|staging\|production/],
    [
      "SENTRY_TRACES_SAMPLE_RATE_BACKEND",
      "1.5",
      /SENTRY_TRACES_SAMPLE_RATE_BACKEND: must be a number between 0 and 1 \(got "1.5"\)/,
    ],
    [
      "SENTRY_TRACES_SAMPLE_RATE_FRONTEND",
      "abc",
      /SENTRY_TRACES_SAMPLE_RATE_FRONTEND: must be a number between 0 and 1/,
    ],
    [
      "SENTRY_PROFILES_SAMPLE_RATE_BACKEND",
      "-0.1",
      /SENTRY_PROFILES_SAMPLE_RATE_BACKEND: must be a number between 0 and 1/,
    ],
    ["SENTRY_DSN_BACKEND", "not-a-dsn", /SENTRY_DSN_BACKEND: must be a DSN URL/],
    ["SENTRY_DSN_FRONTEND", "https://sentry.io/123", /SENTRY_DSN_FRONTEND: must be a DSN URL/],
    ["SENTRY_SEND_DEFAULT_PII", "yes", /SENTRY_SEND_DEFAULT_PII: must be true or false/],
    ["SENTRY_URL", "sentry.example.com", /SENTRY_URL: must be an absolute URL/],
    ["SENTRY_RELEASE", "has space", /SENTRY_RELEASE: must be 'auto' or a release name/],
    ["MAMS_ENABLE_TEST_ROUTES", "1", /MAMS_ENABLE_TEST_ROUTES: must be true or false/],
    ["MAMS_ACCESS_TOKEN", "short", /MAMS_ACCESS_TOKEN: must be at least 24 characters/],
    [
      "LLM_ALLOWED_BASE_URLS",
      "https://api.openai.com/v1,ftp://x",
      /LLM_ALLOWED_BASE_URLS: must be comma-separated http\(s\) URLs/,
    ],
    [
      "MAMS_MAX_CONCURRENT_RUNS",
      "0",
      /MAMS_MAX_CONCURRENT_RUNS: must be a whole number between 1 and 1000/,
    ],
    [
      "MAMS_TAKEOVER_SECONDS",
      "2",
      /MAMS_TAKEOVER_SECONDS: must be a whole number of seconds between 3 and 600/,
    ],
    [
      "MAMS_TAKEOVER_SECONDS",
      "30s",
      /MAMS_TAKEOVER_SECONDS: must be a whole number of seconds between 3 and 600/,
    ],
    ["MAMS_INSTANCE_NAME", "web 1", /MAMS_INSTANCE_NAME: must be 1-64 letters, digits/],
    ["MAMS_WRITES_PER_MINUTE", "lots", /MAMS_WRITES_PER_MINUTE: must be a whole number/],
    ["LLM_ALLOW_CUSTOM_BASE_URL", "yes", /LLM_ALLOW_CUSTOM_BASE_URL: must be true or false/],
  ])("names %s when it is %j", (name, value, message) => {
    expect(validate({ [name]: value })).toThrow(message);
  });

  it("reads the scale-out settings", () => {
    expect(buildEnv({ MAMS_TAKEOVER_SECONDS: "12", MAMS_INSTANCE_NAME: "web-1" })).toMatchObject({
      MAMS_TAKEOVER_SECONDS: 12,
      MAMS_INSTANCE_NAME: "web-1",
    });
  });

  it("refuses SENTRY_SCRUB=false in production, naming the variable, and allows it elsewhere", () => {
    expect(validate({ SENTRY_SCRUB: "false", SENTRY_ENV: "production" })).toThrow(
      /SENTRY_SCRUB: false is refused in production/,
    );
    expect(validate({ SENTRY_SCRUB: "false", NODE_ENV: "production" })).toThrow(
      /SENTRY_SCRUB: false is refused in production/,
    );
    expect(
      buildEnv({ SENTRY_SCRUB: "false", SENTRY_ENV: "staging", NODE_ENV: "production" })
        .SENTRY_SCRUB,
    ).toBe(false);
    expect(buildEnv({ SENTRY_SCRUB: "true", SENTRY_ENV: "production" }).SENTRY_SCRUB).toBe(true);
  });

  it("lists every bad variable at once", () => {
    const run = validate({
      SENTRY_ENV: "qa",
      SENTRY_SEND_DEFAULT_PII: "1",
      MAMS_BUILD_SKIP_TYPECHECK: "yes",
    });
    expect(run).toThrow(/SENTRY_ENV: must be one of/);
    expect(run).toThrow(/SENTRY_SEND_DEFAULT_PII: must be true or false/);
    expect(run).toThrow(/MAMS_BUILD_SKIP_TYPECHECK: must be true or false/);
  });

  it("treats empty strings as unset", () => {
    const env = buildEnv({ SENTRY_DSN_BACKEND: "", SENTRY_TRACES_SAMPLE_RATE_BACKEND: "" });
    expect(env.SENTRY_DSN_BACKEND).toBeUndefined();
    expect(env.SENTRY_TRACES_SAMPLE_RATE_BACKEND).toBeUndefined();
  });

  it("parses valid values into their types", () => {
    const env = buildEnv({
      SENTRY_ENV: "staging",
      SENTRY_DSN_BACKEND: "https://abc123@o1.ingest.sentry.io/456",
      SENTRY_DSN_FRONTEND: "http://key@localhost:9000/sub/path/7",
      SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0.25",
      SENTRY_SEND_DEFAULT_PII: "true",
    });
    expect(env.SENTRY_ENV).toBe("staging");
    expect(env.SENTRY_TRACES_SAMPLE_RATE_BACKEND).toBe(0.25);
    expect(env.SENTRY_SEND_DEFAULT_PII).toBe(true);
    expect(env.SENTRY_DSN_FRONTEND).toBe("http://key@localhost:9000/sub/path/7");
  });
});

describe("sampling defaults", () => {
  it("defaults the environment from NODE_ENV", () => {
    expect(resolveSentryEnv({ NODE_ENV: "production" })).toBe("production");
    expect(resolveSentryEnv({ NODE_ENV: "development" })).toBe("development");
    expect(resolveSentryEnv({ SENTRY_ENV: "staging", NODE_ENV: "production" })).toBe("staging");
  });

  it("traces everything in development and 20% elsewhere unless configured", () => {
    expect(resolveTracesSampleRate(undefined, "development")).toBe(1);
    expect(resolveTracesSampleRate(undefined, "production")).toBe(0.2);
    expect(resolveTracesSampleRate(undefined, "staging")).toBe(0.2);
    expect(resolveTracesSampleRate(0, "development")).toBe(0);
  });
});

describe("scrub patterns", () => {
  it("accepts comma-separated regular expressions and names the variable when one is broken", async () => {
    const { parseScrubPatterns } = await import("@/lib/config/env-schema.mjs");
    expect(
      parseScrubPatterns(
        buildEnv({ SENTRY_SCRUB_PATTERNS: "ACME-\\d{6}, cust_[a-z]+" }).SENTRY_SCRUB_PATTERNS,
      ).map((r) => r.source),
    ).toEqual(["ACME-\\d{6}", "cust_[a-z]+"]);
    expect(() => buildEnv({ SENTRY_SCRUB_PATTERNS: "ok,([unclosed" })).toThrow(
      /SENTRY_SCRUB_PATTERNS: must be comma-separated regular expressions/,
    );
  });
});
