import { BrowserClient, defaultStackParser, eventFiltersIntegration } from "@sentry/browser";
import { createTransport, type Envelope } from "@sentry/core";
import { describe, expect, it } from "vitest";
import { buildEnv } from "@/lib/config/env-schema.mjs";
import { clientOptions, frontendConfig } from "@/lib/sentry/browser/client-options";

/** A real browser client with the app's browser options and a transport that records what it would send. */
function browserClient() {
  const sent: Envelope[] = [];
  const options = clientOptions(
    frontendConfig(
      buildEnv({ NEXT_PUBLIC_SENTRY_DSN_FRONTEND: "https://frontendkey@o1.ingest.sentry.io/2" }),
    ),
    "https://mams.example.com",
  );
  const client = new BrowserClient({
    ...options,
    tunnel: undefined,
    stackParser: defaultStackParser,
    integrations: [eventFiltersIntegration()],
    transport: (transportOptions) =>
      createTransport(transportOptions, async (request) => {
        sent.push(request.body as unknown as Envelope);
        return { statusCode: 200 };
      }),
  });
  client.init();
  const events = async () => {
    await client.flush(2_000);
    return sent.map((body) => (typeof body === "string" ? body : JSON.stringify(body))).join("\n");
  };
  return { client, events };
}

function errorFrom(message: string, scriptUrl: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}\n    at inject (${scriptUrl}:1:120)\n    at run (${scriptUrl}:2:15)`;
  return error;
}

describe("browser noise filters", () => {
  it("drops an error thrown from a browser extension's script and keeps our own", async () => {
    const { client, events } = browserClient();
    client.captureException(
      errorFrom("extension broke the page", "chrome-extension://abcdefghijklmnop/content.js"),
    );
    client.captureException(
      errorFrom("firefox extension broke", "moz-extension://0a1b2c3d-4e5f/inject.js"),
    );
    client.captureException(
      errorFrom(
        "MAMS room render failed",
        "https://mams.example.com/_next/static/chunks/app/page-1a2b.js",
      ),
    );
    const sent = await events();
    expect(sent).toContain("MAMS room render failed");
    expect(sent).not.toContain("extension broke the page");
    expect(sent).not.toContain("firefox extension broke");
  });

  it("drops known browser noise by message and keeps an error that only mentions it", async () => {
    const { client, events } = browserClient();
    client.captureException(
      errorFrom(
        "ResizeObserver loop limit exceeded",
        "https://mams.example.com/_next/static/chunks/x.js",
      ),
    );
    client.captureException(
      errorFrom(
        "Extension context invalidated.",
        "https://mams.example.com/_next/static/chunks/x.js",
      ),
    );
    client.captureException(
      errorFrom(
        "Offer chart failed: ResizeObserver loop limit exceeded twice",
        "https://mams.example.com/_next/static/chunks/x.js",
      ),
    );
    const sent = await events();
    expect(sent).not.toContain('"ResizeObserver loop limit exceeded"');
    expect(sent).not.toContain("Extension context invalidated");
    expect(sent).toContain("Offer chart failed");
  });
});
