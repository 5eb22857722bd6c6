import { expect, test } from "@playwright/test";
import { createEpisode, waitForRoomStatus } from "./support/api-client";
import { APP_URL, BACKEND_PROJECT, FRONTEND_PROJECT } from "./support/e2e-config";
import {
  attr,
  eventsOf,
  fetchEnvelopes,
  resetReceiver,
  spansOf,
  waitForErrorMatching,
  waitForSpan,
} from "./support/receiver-client";
import { browserTracingReady } from "./pages/mams-pages";
import { startServer } from "./support/build-runner";

const ERRORS_ONLY_PORT = 3109;

// Our own versions of the assertions of Sentry's nextjs-16 e2e app (issue 11, point 9).
test.beforeEach(async () => resetReceiver());

test("dynamic routes are parameterised: pageload and navigation by template, the server by file route with http.route", async ({
  page,
}) => {
  const episode = await createEpisode();
  await page.goto(`/episodes/${episode.id}`);
  const pageload = await waitForSpan(
    FRONTEND_PROJECT,
    (s) =>
      s.is_segment &&
      attr(s, "sentry.op") === "pageload" &&
      attr(s, "url.path") === `/episodes/${episode.id}`,
    30_000,
  );
  expect(pageload.name).toBe("/episodes/:id");
  expect(attr(pageload, "url.template")).toBe("/episodes/:id");
  // The proxy (proxy.ts) has a segment of its own ("middleware GET") in the same trace: take the request's.
  const server = await waitForSpan(
    BACKEND_PROJECT,
    (s) =>
      s.trace_id === pageload.trace_id && s.is_segment && attr(s, "sentry.op") === "http.server",
  );
  expect(server.name).toBe("GET /episodes/[id]");
  expect(attr(server, "http.route")).toBe("/episodes/[id]");

  await browserTracingReady(page);
  await page.locator(`a[href$="/rooms/${episode.rooms[0]!.id}"]`).first().click();
  const navigation = await waitForSpan(
    FRONTEND_PROJECT,
    (s) => s.is_segment && attr(s, "sentry.op") === "navigation",
    30_000,
  );
  expect(navigation.name).toBe("/episodes/:id/rooms/:roomId");
  expect(attr(navigation, "url.template")).toBe("/episodes/:id/rooms/:roomId");
});

test("the http.server span of a 500 is an error, of a 404 is not", async ({ request }) => {
  expect((await request.get("/api/debug/route-error")).status()).toBe(500);
  expect((await request.get("/api/rooms/no-such-room")).status()).toBe(404);
  const failed = await waitForSpan(
    BACKEND_PROJECT,
    (s) => s.is_segment && s.name === "GET /api/debug/[kind]",
    30_000,
  );
  const missing = await waitForSpan(
    BACKEND_PROJECT,
    (s) => s.is_segment && s.name === "GET /api/rooms/[roomId]",
    30_000,
  );
  expect(failed.status).toBe("error");
  expect(attr(failed, "http.response.status_code")).toBe(500);
  expect(missing.status).toBe("ok");
  expect(attr(missing, "http.response.status_code")).toBe(404);
});

test("a server component error is in the request's trace and carries contexts.nextjs", async ({
  page,
}) => {
  await page.goto("/debug/server-error");
  const event = await waitForErrorMatching(BACKEND_PROJECT, /MAMS debug: server component error/);
  expect(event.contexts?.nextjs).toMatchObject({
    router_kind: "App Router",
    router_path: "/debug/server-error",
    route_type: "render",
  });
  const root = await waitForSpan(
    BACKEND_PROJECT,
    (s) =>
      s.is_segment &&
      attr(s, "sentry.op") === "http.server" &&
      s.trace_id === event.contexts?.trace?.trace_id,
    30_000,
  );
  expect(root.name).toBe("GET /debug/server-error");
});

test("notFound() and redirect() make no error event", async ({ page }) => {
  // The page streams behind loading.tsx, so the status is already 200 when notFound() runs.
  await page.goto("/episodes/no-such-episode");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.goto("/debug/redirect");
  await expect(page).toHaveURL(/\/debug$/);
  // A traced request after them: once its span is in, their events would be too.
  await page.request.get("/api/episodes");
  await waitForSpan(BACKEND_PROJECT, (s) => s.is_segment && s.name === "GET /api/episodes", 30_000);
  await page.waitForTimeout(1500);
  expect(eventsOf(await fetchEnvelopes())).toEqual([]);
});

/** Two rooms fail at once on the server at `base`; returns their error events (backend project). */
async function twoRoomsFailing(base: string) {
  const llm = {
    faults: [
      { kind: "delay" as const, delayMs: 80, fromCall: 1 },
      { kind: "http_500" as const, fromCall: 7 },
    ],
    maxRetries: 0,
  };
  const [a, b] = await Promise.all([createEpisode(llm, base), createEpisode(llm, base)]);
  const rooms = [a!.rooms[0]!.id, b!.rooms[0]!.id];
  await Promise.all(
    rooms.map((id) =>
      fetch(`${base}/api/rooms/${id}/start`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    ),
  );
  await Promise.all(rooms.map((id) => waitForRoomStatus(id, ["failed"], 30_000, base)));
  await expect
    .poll(async () => eventsOf(await fetchEnvelopes(BACKEND_PROJECT)).length, { timeout: 20_000 })
    .toBe(2);
  const events = eventsOf(await fetchEnvelopes(BACKEND_PROJECT));
  expect(events.map((e) => e.tags?.negotiation_id).sort()).toEqual([...rooms].sort());
  for (const event of events) {
    const own = event.tags!.negotiation_id;
    const crumbs = (event.breadcrumbs ?? []).filter((c) => c.data?.negotiation_id !== undefined);
    expect(crumbs.length).toBeGreaterThan(3);
    expect(crumbs.filter((c) => c.data!.negotiation_id !== own)).toEqual([]);
  }
  return events;
}

test("two rooms failing at the same time: each error carries only its own room's tags and breadcrumbs", async () => {
  await twoRoomsFailing(APP_URL);
});

test("errors only (every traces rate 0, no OpenTelemetry set up): still one isolated event per room, in a trace, and no span", async () => {
  test.setTimeout(120_000);
  const server = await startServer(
    {
      MAMS_DATA_DIR: "tmp/e2e-data-errors-only",
      SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0",
      SENTRY_TRACES_SAMPLE_RATE_READ: "0",
    },
    ERRORS_ONLY_PORT,
  );
  try {
    await resetReceiver();
    const events = await twoRoomsFailing(`http://127.0.0.1:${ERRORS_ONLY_PORT}`);
    for (const event of events) expect(event.contexts?.trace?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(events.map((e) => e.contexts?.trace?.trace_id)).size).toBe(2);
    expect(spansOf(await fetchEnvelopes(BACKEND_PROJECT))).toEqual([]);
  } finally {
    server.kill("SIGTERM");
  }
});

test("a browser error carries the page's transaction and trace context", async ({ page }) => {
  await page.goto("/debug");
  await browserTracingReady(page);
  const pageload = await waitForSpan(
    FRONTEND_PROJECT,
    (s) => s.is_segment && attr(s, "sentry.op") === "pageload" && attr(s, "url.path") === "/debug",
    30_000,
  );
  await page.getByTestId("throw-client-error").click();
  const event = await waitForErrorMatching(FRONTEND_PROJECT, /MAMS debug: client error/);
  expect(event.transaction).toBe("/debug");
  expect(event.contexts?.trace?.trace_id).toBe(pageload.trace_id);
  expect(event.contexts?.trace?.span_id).toMatch(/^[0-9a-f]{16}$/);
});

test("an edge route's error and span arrive once, with the runtime context, scrubbed like the server's", async ({
  request,
}) => {
  // Under `next start` (self-hosted) edge routes run in the Node process's edge sandbox, and the Node
  // SDK's onRequestError reports them: runtime "node". On an edge platform the edge SDK would.
  const canary = "canary-edge-key-7310";
  expect(
    (
      await request.get(`/api/debug-edge?api_key=${canary}`, {
        headers: { authorization: `Bearer ${canary}-bearer` },
      })
    ).status(),
  ).toBe(500);
  const event = await waitForErrorMatching(BACKEND_PROJECT, /MAMS debug: edge route error/);
  expect(event.contexts?.runtime?.name).toEqual(expect.any(String));
  expect(event.exception?.values?.[0]?.mechanism).toMatchObject({ handled: false });
  const span = await waitForSpan(
    BACKEND_PROJECT,
    (s) => s.name.includes("/api/debug-edge"),
    30_000,
  );
  expect(span.status).toBe("error");
  await new Promise((r) => setTimeout(r, 2000));
  const copies = eventsOf(await fetchEnvelopes()).filter((e) =>
    e.exception?.values?.some((v) => v.value?.includes("MAMS debug: edge route error")),
  );
  expect(copies).toHaveLength(1);
  expect(JSON.stringify(await fetchEnvelopes(BACKEND_PROJECT))).not.toContain(canary);
});
