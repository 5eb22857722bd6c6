import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as roomRoute from "@/app/api/rooms/[roomId]/route";
import * as startRoute from "@/app/api/rooms/[roomId]/start/route";
import * as streamRoute from "@/app/api/rooms/[roomId]/stream/route";
import type { EpisodeView } from "@/lib/server/read-models/views";
import {
  exitCodeFor,
  gracefulShutdown,
  registerGracefulShutdown,
} from "@/lib/server/graceful-shutdown";
import { onShutdown, resetLifecycle } from "@/lib/server/lifecycle";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";

let services: Awaited<ReturnType<typeof apiServices>>;
beforeEach(async () => {
  resetLifecycle();
  services = await apiServices();
  // What getServices() registers for the process-wide run manager.
  onShutdown("runs", async (signal) => void (await services.runs.interruptAll(signal)));
}, 60_000);
afterEach(async () => {
  resetLifecycle();
  provideServices(undefined);
  await services.handle.close();
});

const createRoom = async () =>
  (
    (
      await call(
        episodesRoute.POST,
        {},
        { body: configWith({ faults: [{ kind: "delay", delayMs: 200, fromCall: 1 }] }) },
      )
    ).json.episode as EpisodeView
  ).rooms[0]!.id;
const roomStatus = async (roomId: string) =>
  (await call(roomRoute.GET, { roomId })).json.room.status as string;

async function readAll(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
}

describe("graceful shutdown", () => {
  it("stores a live run as interrupted, refuses new runs and streams, closes streams with a retry hint, then hands over", async () => {
    const roomId = await createRoom();
    const other = await createRoom();
    const stream = (
      await call(
        streamRoute.GET,
        { roomId },
        { url: `http://localhost/api/rooms/${roomId}/stream` },
      )
    ).response;
    const streamText = readAll(stream);
    expect((await call(startRoute.POST, { roomId }, { body: {} })).status).toBe(202);
    await vi.waitFor(
      async () => expect((await services.repo.listEvents(roomId)).length).toBeGreaterThan(2),
      { timeout: 20_000 },
    );

    const handOver = vi.fn();
    const exit = vi.fn();
    await gracefulShutdown("SIGTERM", [handOver], { exit: exit as never });

    expect(await roomStatus(roomId)).toBe("interrupted");
    expect(services.runs.isRunning(roomId)).toBe(false);
    const text = await streamText;
    expect(text).toMatch(/\nretry: 2000\n/);
    expect(text).not.toContain("room_completed");
    const refused = await call(startRoute.POST, { roomId: other }, { body: {} });
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe("SHUTTING_DOWN");
    expect(refused.response.headers.get("retry-after")).toBe("2");
    expect(
      (
        await call(
          streamRoute.GET,
          { roomId },
          { url: `http://localhost/api/rooms/${roomId}/stream` },
        )
      ).status,
    ).toBe(503);
    expect(handOver).toHaveBeenCalledWith("SIGTERM");
    expect(exit).not.toHaveBeenCalled();
  });

  it("an interrupted room resumes from where it stopped to an outcome", async () => {
    const roomId = await createRoom();
    await call(startRoute.POST, { roomId }, { body: {} });
    await vi.waitFor(
      async () => expect((await services.repo.listEvents(roomId)).length).toBeGreaterThan(2),
      { timeout: 20_000 },
    );
    await services.runs.interruptAll("SIGTERM");
    const before = (await services.repo.listEvents(roomId)).length;
    expect(await roomStatus(roomId)).toBe("interrupted");

    // The next process: a fresh run manager on the same storage.
    const next = await apiServicesOn(services);
    expect((await call(startRoute.POST, { roomId }, { body: { mode: "resume" } })).status).toBe(
      202,
    );
    await next.runs.settled(roomId);
    expect(await roomStatus(roomId)).toBe("completed");
    const events = await services.repo.listEvents(roomId);
    expect(events.length).toBeGreaterThan(before);
    expect(events.filter((e) => e.type === "room_completed")).toHaveLength(1);
  });

  it("without next start's listeners it exits with 128 + the signal number itself", async () => {
    const exit = vi.fn();
    await gracefulShutdown("SIGINT", [], { exit: exit as never });
    expect(exit).toHaveBeenCalledWith(130);
    expect(exitCodeFor("SIGTERM")).toBe(143);
  });

  it("takes over the listeners already registered (next start's) and runs them after its own work", async () => {
    const proc = Object.assign(new EventEmitter(), { exit: vi.fn() });
    const nextCleanup = vi.fn();
    proc.on("SIGTERM", nextCleanup);
    registerGracefulShutdown(proc as never);
    expect(proc.listenerCount("SIGTERM")).toBe(1);
    expect(proc.listeners("SIGTERM")).not.toContain(nextCleanup);
  });
});

async function apiServicesOn(current: Awaited<ReturnType<typeof apiServices>>) {
  const { RunManager } = await import("@/lib/runs/run-manager");
  const { languageModelFor } = await import("@/lib/ai/providers");
  const runs = new RunManager(current.repo, {
    modelFor: (llm) => languageModelFor(llm),
    retry: { baseDelayMs: 5 },
  });
  provideServices({ repo: current.repo, runs });
  return { runs };
}
