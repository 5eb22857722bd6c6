import { describe, expect, it, vi } from "vitest";
import { buildEnv } from "@/lib/config/env-schema.mjs";
import { clientOptions, frontendConfig } from "@/lib/sentry/browser/client-options";
import { samplerFor, type RuntimeSentryConfig } from "@/lib/sentry/shared/common-options";
import { dataCollectionFor } from "@/lib/sentry/shared/data-collection";
import { initOnce } from "@/lib/sentry/shared/init-once";
import { backendConfig, edgeOptions, serverOptions } from "@/lib/sentry/server/server-options";

const BACKEND = "https://backendkey@o1.ingest.sentry.io/1";
const FRONTEND = "https://frontendkey@o1.ingest.sentry.io/2";

describe("per-runtime options", () => {
  const env = buildEnv({
    NODE_ENV: "production",
    SENTRY_DSN_BACKEND: BACKEND,
    SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0.5",
    NEXT_PUBLIC_SENTRY_DSN_FRONTEND: FRONTEND,
    NEXT_PUBLIC_SENTRY_RELEASE: "abc123",
    NEXT_PUBLIC_SENTRY_ENV: "staging",
  });

  it("sends server and edge events to the backend project", () => {
    const config = backendConfig(env);
    expect(config).toMatchObject({
      dsn: BACKEND,
      environment: "staging",
      release: "abc123",
      tracesSampleRate: 0.5,
    });
    expect(serverOptions(config).dsn).toBe(BACKEND);
    expect(edgeOptions(config).dsn).toBe(BACKEND);
  });

  it("sends browser events to the frontend project through the tunnel, never with the backend DSN", () => {
    const options = clientOptions(frontendConfig(env), "https://mams.example.com");
    expect(options.dsn).toBe(FRONTEND);
    expect(options.tunnel).toBe("/monitoring");
    expect(JSON.stringify(options)).not.toContain("backendkey");
    expect(options.environment).toBe("staging");
    expect(options.release).toBe("abc123");
  });

  it("propagates traces to our own origin only", () => {
    const targets = clientOptions(frontendConfig(env), "https://mams.example.com")
      .tracePropagationTargets!;
    const matches = (url: string) =>
      targets.some((t) => (typeof t === "string" ? url.includes(t) : t.test(url)));
    expect(matches("/api/episodes")).toBe(true);
    expect(matches("https://mams.example.com/api/episodes")).toBe(true);
    expect(matches("https://mams.example.com.evil.test/x")).toBe(false);
    expect(matches("https://api.openai.com/v1/chat")).toBe(false);
    expect(matches("//cdn.example.com/x.js")).toBe(false);
  });

  it("never builds the server's configured secrets into the browser's options", () => {
    const withSecrets = buildEnv({
      NEXT_PUBLIC_SENTRY_DSN_FRONTEND: FRONTEND,
      LLM_API_KEY: "plain-llm-key-123456",
      SENTRY_AUTH_TOKEN: "sntrys_plain_token_value",
      DATABASE_URL: "postgres://u:dbpass9876@h:5432/d",
    });
    expect(backendConfig(withSecrets).scrub.literals).toEqual(
      expect.arrayContaining(["plain-llm-key-123456", "sntrys_plain_token_value", "dbpass9876"]),
    );
    const browser = frontendConfig(withSecrets);
    expect(browser.scrub.literals).toBeUndefined();
    expect(JSON.stringify(browser)).not.toMatch(/plain-llm-key|sntrys_plain|dbpass9876/);
  });

  it("propagates server traces to no other host (LLM providers, database, Sentry)", () => {
    for (const targets of [
      serverOptions(backendConfig(env)).tracePropagationTargets!,
      edgeOptions(backendConfig(env)).tracePropagationTargets!,
    ]) {
      const matches = (url: string) =>
        targets.some((t) => (typeof t === "string" ? url.includes(t) : t.test(url)));
      expect(matches("https://api.openai.com/v1/chat/completions")).toBe(false);
      expect(matches("http://127.0.0.1:1234/v1/chat/completions")).toBe(false);
      expect(matches("https://o1.ingest.sentry.io/api/1/envelope/")).toBe(false);
    }
  });

  it("stays off without a DSN, unless Spotlight wants the events", () => {
    const off = backendConfig(buildEnv({}));
    expect(serverOptions(off).enabled).toBe(false);
    expect(clientOptions(frontendConfig(buildEnv({})), "http://localhost").tunnel).toBeUndefined();
    expect(serverOptions({ ...off, spotlight: true }).enabled).toBe(true);
  });

  it("adds profiling on the Node server only when a profiles rate is set", () => {
    const config = backendConfig(env);
    expect(serverOptions(config)).not.toHaveProperty("profileSessionSampleRate");
    expect(serverOptions(config, 0.3)).toMatchObject({
      profileSessionSampleRate: 0.3,
      profileLifecycle: "trace",
    });
  });

  it("turns tracing off entirely at rate 0 (errors only)", () => {
    const config: RuntimeSentryConfig = backendConfig({
      ...env,
      SENTRY_TRACES_SAMPLE_RATE_BACKEND: 0,
    });
    expect(config.tracesSampleRate).toBe(0);
    expect(serverOptions(config)).not.toHaveProperty("tracesSampler");
    expect(serverOptions(config)).not.toHaveProperty("tracesSampleRate");
  });
});

describe("sampling", () => {
  const inherit = (rate: number) => rate;
  it("never samples the tunnel and follows the configured rate elsewhere", () => {
    const sampler = samplerFor(0.2);
    expect(
      sampler({ name: "POST /monitoring", attributes: {}, inheritOrSampleWith: inherit }),
    ).toBe(0);
    expect(
      sampler({
        name: "POST",
        attributes: {},
        normalizedRequest: { url: "http://x/monitoring" },
        inheritOrSampleWith: inherit,
      }),
    ).toBe(0);
    expect(
      sampler({ name: "GET /api/episodes", attributes: {}, inheritOrSampleWith: inherit }),
    ).toBe(0.2);
    expect(
      sampler({ name: "GET /monitoring-dashboard", attributes: {}, inheritOrSampleWith: inherit }),
    ).toBe(0.2);
  });

  it("never samples the health check, which uptime probes hit all day", () => {
    const sampler = samplerFor(1);
    expect(sampler({ name: "GET /api/health", attributes: {}, inheritOrSampleWith: inherit })).toBe(
      0,
    );
    expect(
      sampler({
        name: "GET",
        attributes: { "url.path": "/api/health" },
        inheritOrSampleWith: inherit,
      }),
    ).toBe(0);
    expect(
      sampler({ name: "GET /api/healthy-sellers", attributes: {}, inheritOrSampleWith: inherit }),
    ).toBe(1);
  });
});

describe("data collection", () => {
  it("is strict unless PII is opted in", () => {
    const strict = dataCollectionFor(false);
    expect(strict).toMatchObject({
      userInfo: false,
      cookies: false,
      urlQueryParams: false,
      httpBodies: [],
      genAI: { inputs: false, outputs: false },
    });
    const optedIn = dataCollectionFor(true);
    expect(optedIn.userInfo).toBe(true);
    expect(optedIn.cookies).toMatchObject({
      deny: expect.arrayContaining(["authorization", "cookie"]),
    });
    expect(optedIn.genAI).toEqual({ inputs: false, outputs: false });
  });
});

describe("initOnce", () => {
  it("initialises each runtime once, however often the config file is evaluated", () => {
    const init = vi.fn();
    const runtime = `test-${Math.random()}`;
    expect(initOnce(runtime, init, { a: 1 })).toBe(true);
    expect(initOnce(runtime, init, { a: 1 })).toBe(false);
    expect(init).toHaveBeenCalledTimes(1);
  });

  it("starts no SDK at all when it would be disabled (no DSN, no Spotlight)", () => {
    const init = vi.fn();
    const off = serverOptions(backendConfig(buildEnv({})));
    expect(initOnce(`test-${Math.random()}`, init, off)).toBe(false);
    expect(init).not.toHaveBeenCalled();
  });
});
