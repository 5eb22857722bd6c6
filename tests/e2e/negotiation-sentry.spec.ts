import { expect, test } from "@playwright/test";
import { createEpisode, waitForRoomStatus } from "./support/api-client";
import { APP_URL, BACKEND_PROJECT, FRONTEND_PROJECT } from "./support/e2e-config";
import {
  attr,
  eventsOf,
  fetchEnvelopes,
  resetReceiver,
  spansOf,
  waitForEvent,
  waitForSpan,
} from "./support/receiver-client";
import { browserTracingReady } from "./pages/mams-pages";

test.beforeEach(async () => {
  await resetReceiver();
});

test("a completed run is one trace: negotiation.run with rounds, gen_ai agent spans and db spans, no prompts", async () => {
  const episode = await createEpisode();
  const roomId = episode.rooms[0]!.id;
  expect(
    (
      await fetch(`${APP_URL}/api/rooms/${roomId}/start`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      })
    ).status,
  ).toBe(202);
  await waitForRoomStatus(roomId, ["completed"]);

  const run = await waitForSpan(
    BACKEND_PROJECT,
    (s) => attr(s, "sentry.op") === "negotiation.run" && attr(s, "negotiation_id") === roomId,
    30_000,
  );
  // Segments are flushed independently (the request's may arrive after the run's): wait for every kind.
  const required = [
    "negotiation.round",
    "gen_ai.invoke_agent",
    "gen_ai.generate_content",
    "db",
    "http.server",
  ];
  const traceSpans = async () =>
    spansOf(await fetchEnvelopes(BACKEND_PROJECT)).filter((s) => s.trace_id === run.trace_id);
  await expect
    .poll(
      async () => {
        const ops = new Set((await traceSpans()).map((s) => attr(s, "sentry.op")));
        return required.filter((op) => !ops.has(op));
      },
      { timeout: 30_000 },
    )
    .toEqual([]);
  await expect
    .poll(
      async () =>
        (await traceSpans()).filter((s) => attr(s, "sentry.op") === "gen_ai.invoke_agent").length,
      { timeout: 20_000 },
    )
    .toBeGreaterThan(3);
  const trace = await traceSpans();
  const agents = new Set(
    trace
      .filter((s) => attr(s, "sentry.op") === "gen_ai.invoke_agent")
      .map((s) => attr(s, "gen_ai.function_id")),
  );
  expect([...agents].sort()).toEqual(["Alex", "GadgetWorld", "TechHub"]);
  const rounds = trace.filter((s) => attr(s, "sentry.op") === "negotiation.round");
  expect(rounds.every((r) => r.parent_span_id === run.span_id)).toBe(true);
  const genAi = trace.filter((s) => String(attr(s, "sentry.op")).startsWith("gen_ai"));
  expect(genAi.every((s) => typeof attr(s, "gen_ai.usage.input_tokens") === "number")).toBe(true);
  // Prompts and outputs appear only as a hash and a snippet of at most 80 characters.
  const said = (
    (await (await fetch(`${APP_URL}/api/rooms/${roomId}`)).json()).events as Array<{
      text?: string;
    }>
  ).flatMap((e) => (e.text && e.text.length > 80 ? [e.text] : []));
  expect(said.length).toBeGreaterThan(0);
  const text = JSON.stringify(trace);
  for (const line of said) expect(text).not.toContain(line);
  expect(text).not.toContain("mams-context");
  for (const span of trace) {
    for (const key of Object.keys(span.attributes))
      expect(key).not.toMatch(/prompt$|messages$|response\.text|input\.messages|output\.messages/);
    const snippet = attr(span, "mams.output_snippet");
    if (snippet !== undefined) expect(String(snippet).length).toBeLessThanOrEqual(80);
  }
});

test("a provider timeout is captured once in the backend project with LLM_TIMEOUT, the room's tags and the rounds before it", async () => {
  const episode = await createEpisode({
    faults: [{ kind: "timeout", agent: "TechHub", fromCall: 3 }],
    timeoutMs: 300,
    maxRetries: 1,
  });
  const roomId = episode.rooms[0]!.id;
  await fetch(`${APP_URL}/api/rooms/${roomId}/start`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  await waitForRoomStatus(roomId, ["failed"]);

  const event = await waitForEvent(
    BACKEND_PROJECT,
    (e) => e.tags?.negotiation_id === roomId && e.tags?.["error.code"] === "LLM_TIMEOUT",
  );
  expect(event.level).toBe("error");
  expect(event.fingerprint).toEqual(["llm", "LLM_TIMEOUT", "simulated"]);
  expect(event.tags).toMatchObject({
    session_id: episode.id,
    provider: "simulated",
    model: "mams-sim-1",
  });
  const crumbs = (event.breadcrumbs ?? []).filter((b) => b.category === "negotiation");
  expect(crumbs.map((b) => b.message)).toEqual(
    expect.arrayContaining([
      "round 1 started",
      "buyer spoke",
      "seller offered",
      "round 2 started",
      "round 3 started",
    ]),
  );
  expect(crumbs.every((b) => b.data?.negotiation_id === roomId)).toBe(true);
  expect((event.breadcrumbs ?? []).some((b) => b.category === "llm.retry")).toBe(true);

  await new Promise((r) => setTimeout(r, 1500));
  const copies = eventsOf(await fetchEnvelopes(BACKEND_PROJECT)).filter(
    (e) => e.tags?.negotiation_id === roomId,
  );
  expect(copies).toHaveLength(1);
});

test("bad input is captured as a warning grouped by route and code, with the room's ids, at most once a minute", async () => {
  // The decision route: the privacy suite relies on a fresh quota for POST /api/episodes.
  const episode = await createEpisode();
  const roomId = episode.rooms[0]!.id;
  for (const body of ['{"action":1}', "{broken", '{"action":"accept"}']) {
    const response = await fetch(`${APP_URL}/api/rooms/${roomId}/decision`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(400);
  }
  const event = await waitForEvent(
    BACKEND_PROJECT,
    (e) => e.tags?.route === "POST /api/rooms/[roomId]/decision",
  );
  expect(event.level).toBe("warning");
  expect(event.fingerprint).toEqual([
    "validation",
    "POST /api/rooms/[roomId]/decision",
    "VALIDATION_ERROR",
  ]);
  expect(event.tags).toMatchObject({ negotiation_id: roomId, session_id: episode.id });
  await new Promise((r) => setTimeout(r, 2000));
  expect(eventsOf(await fetchEnvelopes(BACKEND_PROJECT))).toHaveLength(1);
});

test("a viewer disconnecting from the stream is no error, and the run completes", async () => {
  const episode = await createEpisode({ faults: [{ kind: "delay", delayMs: 150, fromCall: 1 }] });
  const roomId = episode.rooms[0]!.id;
  const controller = new AbortController();
  const stream = await fetch(`${APP_URL}/api/rooms/${roomId}/stream`, {
    signal: controller.signal,
  });
  await fetch(`${APP_URL}/api/rooms/${roomId}/start`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  const reader = stream.body!.getReader();
  await reader.read();
  controller.abort();
  await waitForRoomStatus(roomId, ["completed"]);
  await waitForSpan(
    BACKEND_PROJECT,
    (s) => attr(s, "sentry.op") === "negotiation.run" && attr(s, "negotiation_id") === roomId,
    30_000,
  );
  // The room stream is never traced (the sampling policy, docs/performance.md), so the viewer leaving
  // shows in Sentry only as what is absent: no stream span and no error.
  const envelopes = await fetchEnvelopes(BACKEND_PROJECT);
  expect(spansOf(envelopes).filter((s) => attr(s, "sentry.op") === "sse.stream")).toEqual([]);
  expect(eventsOf(envelopes)).toEqual([]);
});

test("a run started from the browser continues the browser's trace", async ({ page }) => {
  const episode = await createEpisode();
  const roomId = episode.rooms[1]!.id;
  await page.goto("/debug");
  await browserTracingReady(page);
  const status = await page.evaluate(
    async (id) =>
      (
        await fetch(`/api/rooms/${id}/start`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        })
      ).status,
    roomId,
  );
  expect(status).toBe(202);
  const run = await waitForSpan(
    BACKEND_PROJECT,
    (s) => attr(s, "sentry.op") === "negotiation.run" && attr(s, "negotiation_id") === roomId,
    30_000,
  );
  const browserSide = await waitForSpan(
    FRONTEND_PROJECT,
    (s) => s.trace_id === run.trace_id,
    30_000,
  );
  expect(browserSide.trace_id).toBe(run.trace_id);
});
