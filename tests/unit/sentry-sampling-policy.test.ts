import { describe, expect, it } from "vitest";
import { buildEnv } from "@/lib/config/env-schema.mjs";
import { backendConfig, edgeOptions, serverOptions } from "@/lib/sentry/server/server-options";
import {
  classifyRoute,
  resolveRouteSampleRates,
  routeSampler,
  type RouteSampleRates,
} from "@/lib/sentry/shared/sampling-policy";

const rates: RouteSampleRates = { page: 0.2, write: 0.3, run: 0.5, read: 0.05 };
type Context = Parameters<ReturnType<typeof routeSampler>>[0];
/** No caller decision: the sampler's own rate applies. */
const fresh = (name: string, extra: Partial<Context> = {}): Context => ({
  name,
  attributes: {},
  inheritOrSampleWith: (rate) => rate,
  ...extra,
});
/** A caller that already decided (a browser `sentry-trace` header with its sample rate). */
const inherited = (name: string, parentRate: number): Context => ({
  name,
  attributes: {},
  inheritOrSampleWith: () => parentRate,
});

describe("the per-route sampling policy", () => {
  const sampler = routeSampler(rates);

  it.each([
    ["GET /api/health", 0],
    ["POST /monitoring", 0],
    ["GET /api/rooms/r1/stream", 0],
    ["GET /api/experiments/e1/stream", 0],
    ["GET /api/episodes", 0.05],
    ["GET /api/rooms/r1?x=1", 0.05],
    ["HEAD /api/episodes/e1", 0.05],
    ["POST /api/episodes", 0.3],
    ["DELETE /api/episodes/e1", 0.3],
    ["POST /api/rooms/r1/messages", 0.3],
    ["POST /api/rooms/r1/start", 0.5],
    ["POST /api/experiments", 0.5],
    ["GET /episodes/e1/rooms/r1", 0.2],
    ["GET /", 0.2],
    ["negotiation.run", 0.5],
  ])("gives %s the rate %s", (name, rate) => {
    expect(sampler(fresh(name))).toBe(rate);
  });

  it("reads the route from the request or span attributes when the span name does not carry it", () => {
    expect(
      sampler(fresh("GET", { normalizedRequest: { method: "GET", url: "http://x/api/health" } })),
    ).toBe(0);
    expect(
      sampler(
        fresh("GET", {
          attributes: { "http.method": "GET", "http.target": "/api/rooms/r9/stream?since=3" },
        }),
      ),
    ).toBe(0);
    expect(
      sampler(
        fresh("handleRequest", {
          attributes: { "http.request.method": "POST", "url.path": "/api/episodes" },
        }),
      ),
    ).toBe(0.3);
    expect(sampler(fresh("GET", { attributes: { "url.path": "/api/episodes" } }))).toBe(0.05);
  });

  it("does not mistake look-alike paths for the never-traced ones", () => {
    expect(sampler(fresh("GET /api/healthy-sellers"))).toBe(0.05);
    expect(sampler(fresh("GET /api/rooms/r1/streams"))).toBe(0.05);
    expect(sampler(fresh("GET /monitoring-dashboard"))).toBe(0.2);
  });

  it("lets an inherited decision win for every class except the never-traced routes", () => {
    expect(sampler(inherited("GET /api/episodes", 1))).toBe(1);
    expect(sampler(inherited("POST /api/episodes", 0))).toBe(0);
    expect(sampler(inherited("negotiation.run", 0.2))).toBe(0.2);
    expect(sampler(inherited("GET /api/rooms/r1/stream", 1))).toBe(0);
    expect(sampler(inherited("GET /api/health", 1))).toBe(0);
  });

  it("classifies a server action (POST to a page) as a write", () => {
    expect(classifyRoute("POST", "/episodes/new")).toBe("write");
  });
});

describe("the policy's configuration", () => {
  it("defaults: the base rate for pages, writes and runs, a quarter of it for reads (all of it in development)", () => {
    expect(resolveRouteSampleRates(buildEnv({}), "production")).toEqual({
      page: 0.2,
      write: 0.2,
      run: 0.2,
      read: 0.05,
    });
    expect(
      resolveRouteSampleRates(buildEnv({ SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0.4" }), "staging"),
    ).toEqual({ page: 0.4, write: 0.4, run: 0.4, read: 0.1 });
    expect(resolveRouteSampleRates(buildEnv({}), "development")).toEqual({
      page: 1,
      write: 1,
      run: 1,
      read: 1,
    });
  });

  it("each class can be set on its own", () => {
    const env = buildEnv({
      SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0.2",
      SENTRY_TRACES_SAMPLE_RATE_READ: "0.01",
      SENTRY_TRACES_SAMPLE_RATE_WRITE: "0.5",
      SENTRY_TRACES_SAMPLE_RATE_RUN: "1",
    });
    expect(resolveRouteSampleRates(env, "production")).toEqual({
      page: 0.2,
      write: 0.5,
      run: 1,
      read: 0.01,
    });
  });

  it.each([
    "SENTRY_TRACES_SAMPLE_RATE_READ",
    "SENTRY_TRACES_SAMPLE_RATE_WRITE",
    "SENTRY_TRACES_SAMPLE_RATE_RUN",
  ])("rejects a bad %s, naming it", (name) => {
    expect(() => buildEnv({ [name]: "1.5" })).toThrow(
      new RegExp(`${name}: must be a number between 0 and 1 \\(got "1.5"\\)`),
    );
  });

  it("the server and edge options use the policy; every class at 0 means errors only, with no sampler at all", () => {
    const env = buildEnv({
      SENTRY_DSN_BACKEND: "https://k@o1.ingest.sentry.io/1",
      SENTRY_ENV: "production",
    });
    const sampler = serverOptions(backendConfig(env)).tracesSampler!;
    expect(sampler(fresh("GET /api/episodes") as never)).toBe(0.05);
    expect(
      edgeOptions(backendConfig(env)).tracesSampler!(fresh("POST /api/episodes") as never),
    ).toBe(0.2);
    const errorsOnly = backendConfig(
      buildEnv({
        SENTRY_DSN_BACKEND: "https://k@o1.ingest.sentry.io/1",
        SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0",
      }),
    );
    expect(serverOptions(errorsOnly)).not.toHaveProperty("tracesSampler");
    const writesOnly = backendConfig(
      buildEnv({
        SENTRY_DSN_BACKEND: "https://k@o1.ingest.sentry.io/1",
        SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0",
        SENTRY_TRACES_SAMPLE_RATE_WRITE: "0.1",
      }),
    );
    expect(serverOptions(writesOnly).tracesSampler!(fresh("POST /api/episodes") as never)).toBe(
      0.1,
    );
    expect(serverOptions(writesOnly).tracesSampler!(fresh("GET /") as never)).toBe(0);
  });
});
