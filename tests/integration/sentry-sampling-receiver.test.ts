import * as Sentry from "@sentry/nextjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as healthRoute from "@/app/api/health/route";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";
import { startSentry } from "./support/sentry-harness";

let sentry: Awaited<ReturnType<typeof startSentry>>;
let services: Awaited<ReturnType<typeof apiServices>>;

// Reads at 0 and writes at 1, so each outcome below is certain rather than likely.
beforeAll(async () => {
  sentry = await startSentry({
    SENTRY_TRACES_SAMPLE_RATE_BACKEND: "1",
    SENTRY_TRACES_SAMPLE_RATE_READ: "0",
  });
  services = await apiServices();
}, 180_000);
afterAll(async () => {
  provideServices(undefined);
  await services.handle.close();
  await sentry.close();
});
beforeEach(async () => {
  provideServices(services);
  await sentry.reset();
});

/**
 * A request the way Next.js serves it: a root `http.server` span named "<METHOD> <path>", started
 * inside the caller's trace when the request carries `sentry-trace`. The sampler decides at its start.
 */
function serve<P>(
  handler: Parameters<typeof call<P>>[0],
  method: string,
  path: string,
  init: { body?: unknown; sentryTrace?: string } = {},
) {
  const request = () =>
    Sentry.startSpan(
      {
        name: `${method} ${path}`,
        op: "http.server",
        attributes: { "http.method": method, "http.target": path },
      },
      () => call(handler, {} as P, { method, url: `http://localhost${path}`, body: init.body }),
    );
  return init.sentryTrace
    ? Sentry.continueTrace({ sentryTrace: init.sentryTrace, baggage: undefined }, request)
    : request();
}

describe("per-route sampling, as the local Sentry receiver sees it", () => {
  it("a health check sends no span while a write sends its request span", async () => {
    expect((await serve(healthRoute.GET as never, "GET", "/api/health")).status).toBe(200);
    expect(
      (await serve(episodesRoute.POST, "POST", "/api/episodes", { body: configWith() })).status,
    ).toBe(201);
    const segments = (await sentry.spans()).filter((s) => s.is_segment);
    expect(segments.map((s) => s.name)).toContain("POST /api/episodes");
    expect(segments.filter((s) => s.name.includes("/api/health"))).toEqual([]);
  });

  it("a read is not traced at its rate of 0, unless the caller's trace was sampled", async () => {
    expect((await serve(episodesRoute.GET, "GET", "/api/episodes")).status).toBe(200);
    expect((await sentry.spans()).filter((s) => s.name === "GET /api/episodes")).toEqual([]);
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    expect(
      (
        await serve(episodesRoute.GET, "GET", "/api/episodes", {
          sentryTrace: `${traceId}-00f067aa0ba902b7-1`,
        })
      ).status,
    ).toBe(200);
    const read = (await sentry.spans()).find((s) => s.name === "GET /api/episodes");
    expect(read?.trace_id).toBe(traceId);
  });

  it("a health check stays untraced even inside a sampled trace", async () => {
    await serve(healthRoute.GET as never, "GET", "/api/health", {
      sentryTrace: "5bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
    });
    await serve(episodesRoute.POST, "POST", "/api/episodes", { body: configWith() });
    const spans = await sentry.spans();
    expect(spans.some((s) => s.name === "POST /api/episodes")).toBe(true);
    expect(spans.filter((s) => s.name.includes("/api/health"))).toEqual([]);
  });
});
