import * as Sentry from "@sentry/nextjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as roomRoute from "@/app/api/rooms/[roomId]/route";
import * as messagesRoute from "@/app/api/rooms/[roomId]/messages/route";
import type { EpisodeView } from "@/lib/server/read-models/views";
import { AppError } from "@/lib/errors/app-error";
import { provideServices } from "@/lib/server/composition";
import { roomEventStream } from "@/lib/runs/sse";
import { validationReports } from "@/lib/sentry/server/capture";
import { apiServices, call, readSse } from "./support/api-harness";
import { configWith } from "../shared/sample-config";
import { attrOf, startSentry } from "./support/sentry-harness";

const LLM_KEY = "my-plain-llm-key-0042";
const DB_PASSWORD = "plainDbPass77";

let sentry: Awaited<ReturnType<typeof startSentry>>;
let services: Awaited<ReturnType<typeof apiServices>>;
let episode: EpisodeView;

// One database for the file: under load a PGlite clone takes seconds.
beforeAll(async () => {
  sentry = await startSentry({
    LLM_API_KEY: LLM_KEY,
    DATABASE_URL: `postgres://mams:${DB_PASSWORD}@db.internal:5432/mams`,
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
  episode = (await call(episodesRoute.POST, {}, { body: configWith() })).json.episode;
  validationReports.reset();
  validationReports.now = Date.now;
  await sentry.reset();
});

describe("API route errors", () => {
  it("an unexpected crash in a real route is reported once, unhandled, named by the parameterised route, with the room's ids", async () => {
    const roomId = episode.rooms[0]!.id;
    provideServices({
      ...services,
      repo: {
        ...services.repo,
        listEvents: () => Promise.reject(new TypeError("cannot read properties of undefined")),
      },
    });
    const { status, json } = await call(roomRoute.GET, { roomId });
    expect(status).toBe(500);
    expect(JSON.stringify(json)).not.toContain("cannot read properties");
    const events = await sentry.events();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.exception?.values?.[0]?.mechanism).toMatchObject({ handled: false });
    expect(event!.transaction).toBe("GET /api/rooms/[roomId]");
    expect(event!.tags).toMatchObject({
      negotiation_id: roomId,
      session_id: episode.id,
      route: "GET /api/rooms/[roomId]",
      "error.code": "INTERNAL_ERROR",
    });
  });

  it("a database error on the API path carries the room's ids", async () => {
    const roomId = episode.rooms[0]!.id;
    provideServices({
      ...services,
      repo: {
        ...services.repo,
        listEvents: () =>
          Promise.reject(new AppError("DATABASE_ERROR", "Storage failed during list_events")),
      },
    });
    expect((await call(roomRoute.GET, { roomId })).status).toBe(500);
    const [event] = await sentry.events();
    expect(event!.tags).toMatchObject({
      negotiation_id: roomId,
      session_id: episode.id,
      "error.code": "DATABASE_ERROR",
    });
    expect(event!.level).toBe("error");
  });
});

describe("validation reports are bounded", () => {
  const badMessage = (roomId: string) =>
    call(messagesRoute.POST, { roomId }, { body: { text: "   " } });

  it("one event per route and code per minute, with the room's ids; the rest counted, and the count rides on the next report", async () => {
    const roomId = episode.rooms[0]!.id;
    let clock = 1_000_000;
    validationReports.now = () => clock;
    for (let i = 0; i < 5; i++) expect((await badMessage(roomId)).status).toBe(400);
    expect((await call(episodesRoute.POST, {}, { raw: "{nope" })).status).toBe(400);
    let events = await sentry.events();
    expect(events.map((e) => e.tags?.route).sort()).toEqual([
      "POST /api/episodes",
      "POST /api/rooms/[roomId]/messages",
    ]);
    const first = events.find((e) => e.tags?.route === "POST /api/rooms/[roomId]/messages")!;
    expect(first).toMatchObject({
      level: "warning",
      fingerprint: ["validation", "POST /api/rooms/[roomId]/messages", "VALIDATION_ERROR"],
    });
    expect(first.tags).toMatchObject({ negotiation_id: roomId, session_id: episode.id });
    expect(await sentry.raw()).toContain("mams.validation_reports_suppressed");

    clock += 61_000;
    await sentry.reset();
    await badMessage(roomId);
    events = await sentry.events();
    expect(events).toHaveLength(1);
    expect(
      (events[0] as { extra?: Record<string, unknown> }).extra?.suppressed_since_last_report,
    ).toBe(4);
    // The suppressed ones left a breadcrumb each on the scope they happened in.
    expect(
      events[0]!.breadcrumbs?.filter((b) => b.category === "validation.suppressed").length,
    ).toBeGreaterThanOrEqual(4);
  });
});

describe("stream errors", () => {
  it("a stream that fails loading history is reported with the room's ids and its span ends with an error status", async () => {
    const roomId = episode.rooms[0]!.id;
    const stream = roomEventStream({
      roomId,
      episodeId: episode.id,
      afterSeq: 0,
      signal: new AbortController().signal,
      history: () =>
        Promise.reject(new AppError("DATABASE_ERROR", "Storage failed during list_events")),
    });
    await readSse(new Response(stream));
    const [event] = await sentry.events();
    expect(event!.tags).toMatchObject({
      negotiation_id: roomId,
      session_id: episode.id,
      "error.code": "DATABASE_ERROR",
    });
    const span = (await sentry.spans()).find((s) => attrOf(s, "sentry.op") === "sse.stream")!;
    expect(span.status).toBe("error");
    expect(attrOf(span, "session_id")).toBe(episode.id);
  });
});

describe("scrubbing beyond beforeSend", () => {
  it("user feedback goes through the feedback hook: no email, no token", async () => {
    Sentry.captureFeedback({
      message: "It broke. Reach me at carol@example.com, token=abcd1234efgh",
      email: "carol@example.com",
      name: "Carol Smith",
    });
    const feedback = (await sentry.items("feedback")) as Array<{
      contexts: { feedback: Record<string, unknown> };
    }>;
    expect(feedback).toHaveLength(1);
    const text = JSON.stringify(feedback[0]);
    expect(text).not.toMatch(/carol@example\.com|abcd1234efgh|Carol Smith/);
    expect(feedback[0]!.contexts.feedback.message).toContain("It broke.");
  });

  it("the configured LLM_API_KEY and database password are scrubbed as literal values", async () => {
    Sentry.captureException(
      new Error(`provider refused key ${LLM_KEY}; database said password ${DB_PASSWORD} is wrong`),
    );
    Sentry.addBreadcrumb({ category: "test", message: `connecting with ${DB_PASSWORD}` });
    Sentry.captureMessage("after the breadcrumb");
    const raw = await sentry.raw();
    expect(raw).toContain("provider refused key");
    expect(raw).not.toContain(LLM_KEY);
    expect(raw).not.toContain(DB_PASSWORD);
  });
});
