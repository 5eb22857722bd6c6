import * as Sentry from "@sentry/nextjs";
import { buildEnv } from "@/lib/config/env-schema.mjs";
import { nodeOptions } from "@/lib/sentry/server/node-options";
import { backendConfig } from "@/lib/sentry/server/server-options";
import { eventsOf, spansOf, type SentryEvent, type SentrySpan } from "../../shared/sentry-items";
import { createSentryReceiver } from "../../shared/sentry-receiver";

/**
 * The real server SDK, initialised in this test process with the app's own options, sending to a
 * local receiver: what a test reads is what Sentry would have received. One per test file (a
 * Vitest worker is its own process).
 */
export async function startSentry(env: Record<string, string> = {}) {
  const receiver = createSentryReceiver();
  const port = await receiver.listen(0);
  const dsn = `http://harnesspublickey@127.0.0.1:${port}/1`;
  Sentry.init(
    nodeOptions(
      backendConfig(
        buildEnv({
          SENTRY_ENV: "staging",
          SENTRY_DSN_BACKEND: dsn,
          SENTRY_TRACES_SAMPLE_RATE_BACKEND: "1",
          SENTRY_TRACES_SAMPLE_RATE_READ: "1",
          ...env,
        }),
      ),
    ),
  );
  const flushed = async () => {
    await Sentry.flush(5_000);
    return receiver.envelopes;
  };
  return {
    dsn,
    receiver,
    events: async (): Promise<SentryEvent[]> => eventsOf(await flushed()),
    spans: async (): Promise<SentrySpan[]> => spansOf(await flushed()),
    items: async (type: string) =>
      (await flushed()).flatMap((e) =>
        e.items.filter((i) => i.header.type === type).map((i) => i.payload),
      ),
    raw: async () =>
      (await flushed()).map((e) => Buffer.from(e.raw, "base64").toString("utf8")).join("\n"),
    reset: async () => {
      await Sentry.flush(5_000);
      receiver.envelopes.length = 0;
    },
    close: async () => {
      await Sentry.close(2_000);
      await receiver.close();
    },
  };
}

export function attrOf(span: SentrySpan, key: string): unknown {
  return span.attributes[key]?.value;
}
