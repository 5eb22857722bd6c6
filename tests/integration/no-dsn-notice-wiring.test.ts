import { afterEach, describe, expect, it, vi } from "vitest";
import { NO_BACKEND_DSN_NOTICE } from "@/lib/sentry/server/no-dsn-notice";

vi.mock("@/lib/config/env.mjs", async () => {
  const { buildEnv } = await import("@/lib/config/env-schema.mjs");
  return { env: buildEnv({ NODE_ENV: "production", SENTRY_ENV: "production" }) };
});

afterEach(() => vi.restoreAllMocks());

describe("sentry.server.config.ts on a production server without SENTRY_DSN_BACKEND", () => {
  it("logs the notice with the fix once, however often the config is evaluated", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await import("../../sentry.server.config");
    vi.resetModules();
    await import("../../sentry.server.config");
    expect(warn.mock.calls.filter(([message]) => message === NO_BACKEND_DSN_NOTICE)).toHaveLength(
      1,
    );
  });
});
