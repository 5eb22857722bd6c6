import type { Client, Integration, StreamedSpanJSON } from "@sentry/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sampledContextIntegration } from "@/lib/sentry/server/context-integration";
import { nodeOptions } from "@/lib/sentry/server/node-options";
import { backendConfig } from "@/lib/sentry/server/server-options";
import { buildEnv } from "@/lib/config/env-schema.mjs";

const segment = (attributes: Record<string, unknown> = {}) =>
  ({ name: "GET /api/episodes", is_segment: true, attributes }) as unknown as StreamedSpanJSON;
const client = {} as Client;

afterEach(() => vi.restoreAllMocks());

describe("sampled Context integration", () => {
  it("reads memory once per interval for segment spans, and still attaches the figures to each", () => {
    let clock = 0;
    const integration = sampledContextIntegration(1000, () => clock);
    const memoryUsage = vi.spyOn(process, "memoryUsage");
    const spans = [segment(), segment(), segment()];
    for (const span of spans) integration.processSegmentSpan!(span, client);
    expect(memoryUsage).toHaveBeenCalledTimes(1);
    for (const span of spans) {
      expect(typeof span.attributes!["app.memory"]).toBe("number");
      expect(span.attributes!["process.runtime.engine.name"]).toBe("v8");
    }
    clock = 1000;
    integration.processSegmentSpan!(segment(), client);
    expect(memoryUsage).toHaveBeenCalledTimes(2);
  });

  it("never overwrites what a span already says", () => {
    const span = segment({ "app.memory": 42 });
    sampledContextIntegration().processSegmentSpan!(span, client);
    expect(span.attributes!["app.memory"]).toBe(42);
  });

  it("takes the default Context integration's place on the server (beside the per-room Dedupe)", () => {
    const options = nodeOptions(
      backendConfig(buildEnv({ SENTRY_DSN_BACKEND: "http://k@127.0.0.1:1/1" })),
    );
    const resolve = options.integrations as (defaults: Integration[]) => Integration[];
    const names = resolve([]).map((i) => i.name);
    expect(names).toEqual(["MamsFeedbackScrub", "Context", "Dedupe"]);
  });
});
