import { expect, test } from "@playwright/test";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import { resolveRelease } from "../../lib/config/release.mjs";
import {
  BACKEND_PROJECT,
  E2E_ENVIRONMENT,
  FRONTEND_PROJECT,
  RECEIVER_PORT,
} from "./support/e2e-config";
import {
  attr,
  fetchEnvelopes,
  resetReceiver,
  spansOf,
  waitForErrorMatching,
  waitForSpan,
} from "./support/receiver-client";
import { browserTracingReady } from "./pages/mams-pages";

const expectedRelease = resolveRelease("auto");

test.beforeEach(async () => {
  await resetReceiver();
});

test("a client error reaches the frontend project through the tunnel, unhandled, with env, release and stack", async ({
  page,
}) => {
  const directToSentry: string[] = [];
  const tunnelled: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes(`:${RECEIVER_PORT}/`)) directToSentry.push(request.url());
    if (new URL(request.url()).pathname === "/monitoring") tunnelled.push(request.url());
  });
  await page.goto("/debug");
  await page.getByTestId("throw-client-error").click();

  const event = await waitForErrorMatching(FRONTEND_PROJECT, /MAMS debug: client error/);
  const exception = event.exception!.values![0]!;
  expect(exception.mechanism?.handled).toBe(false);
  expect(event.environment).toBe(E2E_ENVIRONMENT);
  expect(event.release).toBe(expectedRelease);
  const frames = exception.stacktrace?.frames ?? [];
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.some((f) => /\/_next\/static\/chunks\/.+\.js$/.test(f.filename ?? ""))).toBe(true);

  expect(tunnelled.length).toBeGreaterThan(0);
  expect(directToSentry).toEqual([]);
  const backendCopies = (await fetchEnvelopes(BACKEND_PROJECT)).filter((e) =>
    JSON.stringify(e.items).includes("MAMS debug: client error"),
  );
  expect(backendCopies).toHaveLength(0);
});

test("a route handler error reaches the backend project with the parameterised transaction and the same release", async ({
  request,
}) => {
  const response = await request.get("/api/debug/route-error");
  expect(response.status()).toBe(500);

  const event = await waitForErrorMatching(BACKEND_PROJECT, /MAMS debug: route handler error/);
  expect(event.transaction).toBe("GET /api/debug/[kind]");
  expect(event.release).toBe(expectedRelease);
  expect(event.environment).toBe(E2E_ENVIRONMENT);
  expect(event.exception!.values![0]!.mechanism?.handled).toBe(false);
});

test("an error in a server component reaches the backend project through onRequestError", async ({
  page,
}) => {
  await page.goto("/debug/server-error");
  await expect(page.getByTestId("error-boundary")).toBeVisible();

  const event = await waitForErrorMatching(BACKEND_PROJECT, /MAMS debug: server component error/);
  expect(event.exception!.values![0]!.mechanism?.type).toMatch(/on_request_error/);
  expect(event.contexts?.nextjs?.route_type).toBe("render");
  expect(event.release).toBe(expectedRelease);
  // The boundary sees a digest and does not report the same failure again from the browser.
  await page.waitForTimeout(1500);
  const frontendCopies = (await fetchEnvelopes(FRONTEND_PROJECT)).filter((e) =>
    e.items.some((i) => i.header.type === "event"),
  );
  expect(frontendCopies).toHaveLength(0);
});

test("an error on the edge runtime reaches the backend project", async ({ request }) => {
  const response = await request.get("/api/debug-edge");
  expect(response.status()).toBe(500);
  const event = await waitForErrorMatching(BACKEND_PROJECT, /MAMS debug: edge route error/);
  expect(event.release).toBe(expectedRelease);
  expect(event.environment).toBe(E2E_ENVIRONMENT);
  expect(event.contexts?.nextjs?.route_type).toBe("route");
});

test("the browser pageload and the server request share one trace", async ({ page }) => {
  await page.goto("/debug");
  const pageload = await waitForSpan(
    FRONTEND_PROJECT,
    (s) => s.is_segment && attr(s, "sentry.op") === "pageload" && attr(s, "url.path") === "/debug",
    30_000,
  );
  // The proxy (proxy.ts) has a segment of its own ("middleware GET") in the same trace: take the request's.
  const server = await waitForSpan(
    BACKEND_PROJECT,
    (s) =>
      s.trace_id === pageload.trace_id && s.is_segment && attr(s, "sentry.op") === "http.server",
  );
  expect(server.name).toMatch(/GET \/debug/);
  expect(attr(pageload, "sentry.release")).toBe(expectedRelease);
  expect(attr(server, "sentry.release")).toBe(expectedRelease);
});

test("neither the tunnel, the health check nor a room's live stream is traced; a write is", async ({
  page,
  request,
}) => {
  const created = await request.post("/api/episodes", { data: sampleEpisodeConfig });
  expect(created.status()).toBe(201);
  const roomId = (await created.json()).episode.rooms[0].id as string;
  await page.goto("/debug");
  await page.getByTestId("throw-client-error").click();
  await waitForErrorMatching(FRONTEND_PROJECT, /MAMS debug: client error/);
  expect((await request.get("/api/health")).ok()).toBe(true);
  const controller = new AbortController();
  const stream = await fetch(`${page.url().replace(/\/debug$/, "")}/api/rooms/${roomId}/stream`, {
    signal: controller.signal,
  });
  expect(stream.headers.get("content-type")).toContain("text/event-stream");
  controller.abort();
  // A traced request made after the untraced ones: once its span is in, theirs would be too.
  await request.post("/api/episodes", { data: sampleEpisodeConfig });
  await waitForSpan(
    BACKEND_PROJECT,
    (s) =>
      s.is_segment && s.name === "POST /api/episodes" && attr(s, "sentry.op") === "http.server",
    30_000,
  );
  const spans = spansOf(await fetchEnvelopes(BACKEND_PROJECT));
  expect(
    spans.filter(
      (s) =>
        s.name.includes("/monitoring") ||
        s.name.includes("/api/health") ||
        s.name.includes("/stream"),
    ),
  ).toEqual([]);
});

test("the tunnel refuses an envelope addressed to another DSN", async ({ request }) => {
  const foreign = `${JSON.stringify({ dsn: "https://attackerkey@evil.example.com/42" })}\n${JSON.stringify({ type: "event" })}\n{"message":"relay me"}\n`;
  const response = await request.post("/monitoring", {
    data: foreign,
    headers: { "content-type": "text/plain" },
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe("FORBIDDEN");
  const all = await fetchEnvelopes();
  expect(all.filter((e) => JSON.stringify(e.items).includes("relay me"))).toHaveLength(0);
});

test("browser tracing is fetched after first paint, not with the first load, and still records the pageload", async ({
  page,
}) => {
  // A marker only the web-vitals part of browser tracing carries.
  const TRACING_MARKER = "largest-contentful-paint";
  const scripts = new Map<string, string>();
  page.on("response", async (response) => {
    if (response.url().endsWith(".js"))
      scripts.set(response.url(), await response.text().catch(() => ""));
  });
  const html = await (await page.goto("/episodes/new"))!.text();
  // Modern browsers skip the noModule polyfill script, so it is not part of what they load.
  const firstLoad = [...html.matchAll(/<script([^>]+)>/g)]
    .filter((m) => !/noModule/i.test(m[1]!))
    .flatMap((m) => /src="([^"]+\.js)"/.exec(m[1]!)?.[1] ?? [])
    .map((src) => new URL(src, page.url()).href);
  expect(firstLoad.length).toBeGreaterThan(0);
  await browserTracingReady(page);
  await expect.poll(() => firstLoad.every((src) => scripts.has(src))).toBe(true);
  expect(firstLoad.filter((src) => scripts.get(src)!.includes(TRACING_MARKER))).toEqual([]);
  const later = [...scripts].filter(
    ([src, body]) => !firstLoad.includes(src) && body.includes(TRACING_MARKER),
  );
  expect(later.length).toBeGreaterThan(0);

  const pageload = await waitForSpan(
    FRONTEND_PROJECT,
    (s) =>
      s.is_segment &&
      attr(s, "sentry.op") === "pageload" &&
      attr(s, "url.path") === "/episodes/new",
    30_000,
  );
  expect(pageload.name).toBe("/episodes/new");
  // The span starts at navigation start, before the tracing code existed in the page.
  const loadedAt = await page.evaluate(() => performance.timeOrigin / 1000);
  expect(Math.abs(pageload.start_timestamp - loadedAt)).toBeLessThan(0.05);
});
