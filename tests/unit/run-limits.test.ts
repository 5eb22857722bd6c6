import { describe, expect, it } from "vitest";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { buyerTurnContext, sellerTurnContext } from "@/lib/engine/contexts";
import { foldEvents } from "@/lib/engine/room-state";
import type { RoomEventData } from "@/lib/domain/stream-events";
import { isAppError } from "@/lib/errors/app-error";
import { RunSlots } from "@/lib/runs/run-slots";
import { TokenBudget } from "@/lib/security/token-budget";
import { guardedModels } from "@/lib/security/provider-guard";
import { DEFAULT_ALLOWED_BASE_URLS } from "@/lib/security/settings";
import { roomSetup } from "@/lib/runs/room-setup";
import { configWith } from "../shared/sample-config";

describe("concurrent runs", () => {
  it("queues beyond the global and per-episode limits, in order, and answers 429 when the queue is full", async () => {
    const slots = new RunSlots({ maxConcurrentRuns: 2, maxRunsPerEpisode: 1, maxQueuedRuns: 2 });
    const started: string[] = [];
    const go = (episode: string, name: string, controller = new AbortController()) =>
      slots.acquire(episode, controller.signal).then(() => started.push(name));
    expect(slots.reserveOrQueue("a")).toBe(true);
    await go("a", "a1");
    await go("b", "b1");
    expect(slots.reserveOrQueue("a")).toBe(false);
    const a2 = go("a", "a2");
    const stopped = new AbortController();
    const c1 = go("c", "c1", stopped).catch((reason: unknown) => reason);
    expect(slots.queued).toBe(2);
    let full: unknown;
    try {
      slots.reserveOrQueue("d");
    } catch (error) {
      full = error;
    }
    expect(isAppError(full) && full.code).toBe("RATE_LIMITED");
    expect(isAppError(full) && full.toResponse().headers.get("retry-after")).toBe("30");
    // A waiting run that is stopped leaves the queue without ever starting.
    stopped.abort({ kind: "stop" });
    expect(await c1).toEqual({ kind: "stop" });
    slots.release("b");
    expect(started).toEqual(["a1", "b1"]);
    slots.release("a");
    await a2;
    expect(started).toEqual(["a1", "b1", "a2"]);
  });
});

describe("the server's key", () => {
  const prompt = [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }];

  it("stops spending past an episode's token budget", async () => {
    const budget = new TokenBudget(50);
    // A provider that reports 12 tokens a call, as an OpenAI-compatible one does in `usage`.
    const provider = {
      specificationVersion: "v3",
      provider: "fake",
      modelId: "fake",
      supportedUrls: {},
      doGenerate: async () => ({
        content: [{ type: "text", text: "ok" }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 2, text: 2, reasoning: 0 },
        },
        warnings: [],
      }),
      doStream: async () => {
        throw new Error("not used");
      },
    } as unknown as LanguageModelV3;
    const model = budget.wrap(provider, "episode-1");
    let calls = 0;
    let refusal: unknown;
    for (; calls < 100; calls++) {
      try {
        await model.doGenerate({ prompt });
      } catch (error) {
        refusal = error;
        break;
      }
    }
    expect(budget.spent("episode-1")).toBeGreaterThanOrEqual(50);
    expect(calls).toBe(5);
    expect(isAppError(refusal) && refusal.code).toBe("LIMIT_REACHED");
    expect(budget.spent("episode-2")).toBe(0);
  });

  it("refuses a start once the budget is spent, only when the server's key is used", () => {
    const budget = new TokenBudget(10);
    budget.add("e1", 10);
    const policy = {
      allowedBaseUrls: DEFAULT_ALLOWED_BASE_URLS,
      allowCustomBaseUrl: false,
      allowPrivateAddresses: false,
      maxResponseBytes: 1024,
    };
    const guard = guardedModels(budget, policy, { apiKey: "sk-server" });
    const llm = {
      provider: "openai" as const,
      model: "gpt-x",
      temperature: 0,
      maxTokens: 100,
      maxRounds: 3,
    };
    expect(() => guard.checkStart(llm, "e1")).toThrow(/budget of 10 tokens/);
    expect(() => guard.checkStart({ ...llm, apiKey: "sk-own" }, "e1")).not.toThrow();
    expect(() => guard.checkStart({ ...llm, provider: "simulated" }, "e1")).not.toThrow();
  });
});

describe("the transcript window fed to prompts", () => {
  it("shows agents only the most recent lines", () => {
    const config = configWith();
    const room = { id: "r", episodeId: "e", position: 0 } as Parameters<typeof roomSetup>[0];
    const notes: RoomEventData[] = Array.from({ length: 30 }, (_, i) => ({
      type: "user_message",
      round: 1,
      text: `note ${i}`,
    }));
    const events = notes.map((data, i) => ({ ...data, seq: i + 1, at: "2026-01-01T00:00:00Z" }));
    const full = foldEvents(roomSetup(room as never, config), events as never);
    const windowed = foldEvents(roomSetup(room as never, config, 5), events as never);
    expect(buyerTurnContext(full).transcript).toHaveLength(30);
    expect(buyerTurnContext(windowed).transcript.map((l) => l.text)).toEqual([
      "note 25",
      "note 26",
      "note 27",
      "note 28",
      "note 29",
    ]);
    const seller = windowed.setup.sellers[0]!.name;
    expect(sellerTurnContext(windowed, seller).transcript).toHaveLength(5);
  });
});
