import type { Log } from "@sentry/core";
import { describe, expect, it } from "vitest";
import { buildEnv } from "@/lib/config/env-schema.mjs";
import { REPLAY_PRIVACY } from "@/lib/sentry/browser/lazy-replay";
import { logFilter } from "@/lib/sentry/server/log-options";
import { nodeOptions } from "@/lib/sentry/server/node-options";
import { replayOptions, replayRates } from "@/lib/sentry/browser/replay-options";
import { backendConfig } from "@/lib/sentry/server/server-options";

const log = (
  level: Log["level"],
  message: string,
  attributes: Record<string, unknown> = {},
): Log => ({ level, message, attributes });
const scrub = { enabled: true };

describe("Sentry Logs hook", () => {
  it("drops lines under the threshold and keeps the rest", () => {
    const filter = logFilter("warn", scrub);
    expect(filter(log("info", "run started"))).toBeNull();
    expect(filter(log("debug", "noise"))).toBeNull();
    expect(filter(log("warn", "provider call retried"))?.message).toBe("provider call retried");
    expect(filter(log("error", "run failed"))?.message).toBe("run failed");
    expect(logFilter("off", scrub)(log("fatal", "anything"))).toBeNull();
  });

  it("scrubs canaries in the message and in attributes, keeping the room ids", () => {
    const filtered = logFilter(
      "info",
      scrub,
    )(
      log("info", "run started for canary.log+1@example.org", {
        negotiation_id: "room-1",
        model: "sim sk-logcanary0123456789abcdef",
        token: "plain-secret-value",
        note: "Bearer abcdefghijklmnop",
      }),
    )!;
    const text = JSON.stringify(filtered);
    for (const canary of [
      "canary.log+1@example.org",
      "sk-logcanary0123456789abcdef",
      "plain-secret-value",
      "abcdefghijklmnop",
    ])
      expect(text).not.toContain(canary);
    expect(filtered.attributes?.negotiation_id).toBe("room-1");
    expect(filtered.attributes?.model).toBe("sim [Filtered]");
  });

  it("applies the configured extra patterns, and passes through when scrubbing is off", () => {
    expect(
      logFilter("info", { enabled: true, extraPatterns: [/ACME-\d{6}/] })(
        log("info", "order ACME-123456"),
      )?.message,
    ).toBe("order [Filtered]");
    expect(logFilter("info", { enabled: false })(log("info", "order ACME-123456"))?.message).toBe(
      "order ACME-123456",
    );
  });

  it("is wired into the Node options with the configured threshold", () => {
    const options = nodeOptions(
      backendConfig(buildEnv({ SENTRY_DSN_BACKEND: "https://k@o1.ingest.sentry.io/1" })),
      0,
      "error",
    );
    expect(options.beforeSendLog?.(log("warn", "x") as never)).toBeNull();
    expect(options.beforeSendLog?.(log("error", "x") as never)).not.toBeNull();
  });

  it("SENTRY_LOG_LEVEL_BACKEND is validated and named", () => {
    expect(buildEnv({ SENTRY_LOG_LEVEL_BACKEND: "warn" }).SENTRY_LOG_LEVEL_BACKEND).toBe("warn");
    expect(() => buildEnv({ SENTRY_LOG_LEVEL_BACKEND: "verbose" })).toThrow(
      /SENTRY_LOG_LEVEL_BACKEND: must be one of trace\|debug\|info\|warn\|error\|fatal\|off/,
    );
  });
});

describe("Session Replay options", () => {
  it("records around errors only by default, with everything masked", () => {
    expect(replayOptions(replayRates(buildEnv({})))).toEqual({
      replaysOnErrorSampleRate: 1,
      replaysSessionSampleRate: 0,
    });
    expect(REPLAY_PRIVACY).toEqual({ maskAllText: true, maskAllInputs: true, blockAllMedia: true });
  });

  it("takes both rates from the env module, validated", () => {
    const env = buildEnv({
      NEXT_PUBLIC_SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND: "0.5",
      NEXT_PUBLIC_SENTRY_REPLAYS_SESSION_SAMPLE_RATE_FRONTEND: "0.01",
    });
    expect(replayOptions(replayRates(env))).toEqual({
      replaysOnErrorSampleRate: 0.5,
      replaysSessionSampleRate: 0.01,
    });
    expect(() => buildEnv({ SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND: "2" })).toThrow(
      /SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND: must be a number between 0 and 1/,
    );
  });
});
