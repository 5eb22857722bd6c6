import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as startRoute from "@/app/api/rooms/[roomId]/start/route";
import * as stopRoute from "@/app/api/rooms/[roomId]/stop/route";
import type { EpisodeView } from "@/lib/server/read-models/views";
import type { LlmSettings } from "@/lib/domain/schemas";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";
import { attrOf, startSentry } from "./support/sentry-harness";
import type { SentrySpan } from "../shared/sentry-items";

// The stand-in provider listens on 127.0.0.1: allowed the way the e2e suite allows it (before the env module loads).
vi.hoisted(() => {
  process.env.LLM_ALLOW_CUSTOM_BASE_URL = "true";
  process.env.LLM_ALLOW_PRIVATE_ADDRESSES = "true";
});

let sentry: Awaited<ReturnType<typeof startSentry>>;
let services: Awaited<ReturnType<typeof apiServices>>;

// A stand-in OpenAI-compatible provider that records the headers of every call it receives.
const received: http.IncomingHttpHeaders[] = [];
let provider: http.Server;
let providerUrl: string;

beforeAll(async () => {
  sentry = await startSentry();
  services = await apiServices();
  provider = http.createServer((request, response) => {
    received.push(request.headers);
    request.resume();
    request.on("end", () =>
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: "c1",
          object: "chat.completion",
          created: 1,
          model: "m",
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: "Hello @TechHub, your best price?" },
              finish_reason: "stop",
            },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      ),
    );
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;
}, 180_000);
afterAll(async () => {
  provideServices(undefined);
  provider.closeAllConnections();
  provider.close();
  await services.handle.close();
  await sentry.close();
});
beforeEach(async () => {
  provideServices(services);
  await sentry.reset();
});

async function runRoom(
  llm: Partial<LlmSettings>,
): Promise<{ roomId: string; spans: (op: string) => Promise<SentrySpan[]> }> {
  const episode = (await call(episodesRoute.POST, {}, { body: configWith(llm) })).json
    .episode as EpisodeView;
  const roomId = episode.rooms[0]!.id;
  expect((await call(startRoute.POST, { roomId }, { body: {} })).status).toBe(202);
  return {
    roomId,
    spans: async (op) => (await sentry.spans()).filter((s) => attrOf(s, "sentry.op") === op),
  };
}

const runSpanOf = (spans: SentrySpan[], roomId: string) =>
  spans.find((s) => attrOf(s, "negotiation_id") === roomId);

describe("span statuses of runs", () => {
  it("a failed run ends negotiation.run, the failing round and the failing agent turn with an error status", async () => {
    const { roomId, spans } = await runRoom({
      faults: [{ kind: "timeout", agent: "TechHub", fromCall: 2, count: 2 }],
      timeoutMs: 100,
      maxRetries: 1,
    });
    await services.runs.settled(roomId);
    const run = runSpanOf(await spans("negotiation.run"), roomId)!;
    expect(run.status).toBe("error");
    expect(attrOf(run, "mams.error.code")).toBe("LLM_TIMEOUT");
    const inRun = (list: SentrySpan[]) => list.filter((s) => s.trace_id === run.trace_id);
    const rounds = inRun(await spans("negotiation.round"));
    expect(rounds.at(-1)!.status).toBe("error");
    expect(rounds.slice(0, -1).every((r) => r.status === "ok")).toBe(true);
    const turns = inRun(await spans("mams.agent_turn"));
    expect(turns.filter((t) => t.status === "error").map((t) => attrOf(t, "mams.agent"))).toEqual([
      "TechHub",
    ]);
  });

  it("a completed run and a run stopped by the user stay ok", async () => {
    const done = await runRoom({});
    await services.runs.settled(done.roomId);
    expect(runSpanOf(await done.spans("negotiation.run"), done.roomId)!.status).toBe("ok");

    const stopped = await runRoom({ faults: [{ kind: "delay", delayMs: 300, fromCall: 1 }] });
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(stopRoute.POST, { roomId: stopped.roomId }, { body: {} })).status).toBe(200);
    const run = runSpanOf(await stopped.spans("negotiation.run"), stopped.roomId)!;
    expect(run.status).toBe("ok");
    const rounds = (await stopped.spans("negotiation.round")).filter(
      (s) => s.trace_id === run.trace_id,
    );
    expect(rounds.every((r) => r.status === "ok")).toBe(true);
  });
});

describe("trace propagation", () => {
  it("calls to an LLM provider carry no sentry-trace or baggage, though the run is traced", async () => {
    received.length = 0;
    const { roomId, spans } = await runRoom({
      provider: "openai",
      model: "m",
      baseUrl: providerUrl,
      apiKey: "sk-test-test-test-test-1234",
      maxRetries: 0,
    });
    await services.runs.settled(roomId);
    expect(runSpanOf(await spans("negotiation.run"), roomId)).toBeDefined();
    expect(received.length).toBeGreaterThan(0);
    for (const headers of received) {
      expect(headers["sentry-trace"]).toBeUndefined();
      expect(headers.baggage).toBeUndefined();
      expect(headers.traceparent).toBeUndefined();
    }
  });
});
