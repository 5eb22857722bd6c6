import * as Sentry from "@sentry/nextjs";
import type { Integration } from "@sentry/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEnv } from "@/lib/config/env-schema.mjs";
import { nodeOptions } from "@/lib/sentry/server/node-options";
import { backendConfig } from "@/lib/sentry/server/server-options";
import { SERVER_INTEGRATIONS_KEPT } from "@/lib/sentry/server/server-integrations";
import { startSentry } from "../integration/support/sentry-harness";

const NOT_DEFAULTS = ["DistDirRewriteFrames", "Spotlight"]; // added by @sentry/nextjs's init or by the spotlight option
const sdkDefaults = () => Sentry.getDefaultIntegrations({ tracesSampleRate: 1 });
const resolved = () =>
  (
    nodeOptions(backendConfig(buildEnv({ SENTRY_DSN_BACKEND: "http://k@127.0.0.1:1/1" })))
      .integrations as (d: Integration[]) => Integration[]
  )(sdkDefaults());

describe("the server's integrations", () => {
  it("keeps error capture, request isolation, outgoing calls and the spans the app relies on", () => {
    const names = resolved().map((i) => i.name);
    for (const name of [
      "Http",
      "NodeFetch",
      "VercelAI",
      "Postgres",
      "OnUncaughtException",
      "OnUnhandledRejection",
      "LinkedErrors",
      "RequestData",
      "ContextLines",
      "Console",
    ])
      expect(names).toContain(name);
  });

  it("leaves out instrumentations for libraries MAMS never loads", () => {
    const names = resolved().map((i) => i.name);
    for (const name of [
      "Express",
      "Fastify",
      "Hono",
      "Mongo",
      "Mongoose",
      "Mysql",
      "Redis",
      "Prisma",
      "Kafka",
      "Graphql",
      "OpenAI",
      "Anthropic_AI",
      "LangChain",
      "Aws",
      "ChildProcess",
      "WorkerThreads",
    ])
      expect(names).not.toContain(name);
    expect(names.length).toBeLessThan(sdkDefaults().length);
  });

  it("names only integrations the installed SDK really has (an SDK rename would silently drop one)", () => {
    const available = sdkDefaults().map((i) => i.name);
    expect(
      SERVER_INTEGRATIONS_KEPT.filter(
        (name) => !NOT_DEFAULTS.includes(name) && !available.includes(name),
      ),
    ).toEqual([]);
  });

  it("our Context and Dedupe replace the SDK's", () => {
    const list = resolved();
    expect(list.filter((i) => i.name === "Dedupe").at(-1)).not.toBe(
      sdkDefaults().find((i) => i.name === "Dedupe"),
    );
    expect(list.at(-2)?.name).toBe("Context");
    expect(list.at(-1)?.name).toBe("Dedupe");
  });
});

describe("OpenTelemetry on the server", () => {
  const options = (vars: Record<string, string>) =>
    nodeOptions(backendConfig(buildEnv({ SENTRY_DSN_BACKEND: "http://k@127.0.0.1:1/1", ...vars })));
  it("is set up only when something can be traced: errors only leaves Next.js's spans as no-ops", () => {
    expect(
      options({ SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0", SENTRY_TRACES_SAMPLE_RATE_READ: "0" })
        .enableOpenTelemetrySetup,
    ).toBe(false);
    expect(options({ SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0.2" }).enableOpenTelemetrySetup).toBe(
      true,
    );
    // One route class traced is enough to need it.
    expect(
      options({ SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0", SENTRY_TRACES_SAMPLE_RATE_RUN: "0.5" })
        .enableOpenTelemetrySetup,
    ).toBe(true);
  });
});

describe("an initialised server SDK", () => {
  let sentry: Awaited<ReturnType<typeof startSentry>>;
  beforeAll(async () => {
    sentry = await startSentry();
  });
  afterAll(async () => {
    await sentry.close();
  });

  it("runs the kept integrations and none of the dropped ones", () => {
    const client = Sentry.getClient()!;
    expect(client.getIntegrationByName("Http")).toBeDefined();
    expect(client.getIntegrationByName("VercelAI")).toBeDefined();
    expect(client.getIntegrationByName("Express")).toBeUndefined();
    expect(client.getIntegrationByName("Mongo")).toBeUndefined();
  });
});
