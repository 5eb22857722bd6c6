import type { ChildProcess } from "node:child_process";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import { startServer } from "./support/build-runner";
import {
  APP_URL,
  BACKEND_PROJECT,
  FRONTEND_PROJECT,
  E2E_DIST_DIR,
  RECEIVER_URL,
} from "./support/e2e-config";
import {
  eventsOf,
  fetchEnvelopes,
  resetReceiver,
  waitForErrorMatching,
  waitForEvent,
} from "./support/receiver-client";
import { waitForRoomStatus } from "./support/api-client";
import { publicChunks } from "./support/sourcemaps";

const CANARY = {
  email: "canary.buyer+7319@example.org",
  providerKey: "sk-canaryKEY0123456789abcdefXYZ",
  bearer: "canary-bearer-a1b2c3d4e5f6",
  cookie: "canary-cookie-f6e5d4c3b2a1",
  apiKeyHeader: "canary-xapikey-99887766",
  query: "canary-query-55443322",
};

async function rawEnvelopes(): Promise<string> {
  const all = await fetchEnvelopes();
  return all.map((e) => Buffer.from(e.raw, "base64").toString("utf8")).join("\n");
}

function hits(text: string) {
  return Object.entries(CANARY).flatMap(([name, value]) =>
    [value, encodeURIComponent(value), value.replace("@", "%40")].some((v) => text.includes(v))
      ? [name]
      : [],
  );
}

async function plantAndRun(page: Page, request: APIRequestContext, base: string) {
  const config = {
    ...sampleEpisodeConfig,
    buyer: { ...sampleEpisodeConfig.buyer, name: CANARY.email },
  };
  // A full episode with the email as the buyer's name.
  const episode = (
    await (
      await request.post(`${base}/api/episodes?api_key=${CANARY.query}`, { data: config })
    ).json()
  ).episode;
  for (const room of episode.rooms.slice(0, 2))
    await request.post(`${base}/api/rooms/${room.id}/start`, { data: {} });
  // A provider configured with an API key that cannot be reached, and one that times out.
  const remote = {
    ...config,
    llm: {
      ...config.llm,
      provider: "openai",
      model: "gpt-canary",
      apiKey: CANARY.providerKey,
      baseUrl: "http://127.0.0.1:9/v1",
      maxRetries: 0,
    },
  };
  const failing = (await (await request.post(`${base}/api/episodes`, { data: remote })).json())
    .episode;
  await request.post(`${base}/api/rooms/${failing.rooms[0].id}/start`, { data: {} });
  const slow = {
    ...config,
    llm: {
      ...config.llm,
      faults: [{ kind: "timeout", fromCall: 2 }],
      timeoutMs: 200,
      maxRetries: 0,
    },
  };
  const timingOut = (await (await request.post(`${base}/api/episodes`, { data: slow })).json())
    .episode;
  await request.post(`${base}/api/rooms/${timingOut.rooms[0].id}/start`, { data: {} });
  // Bad input, a server error and pages, all with secrets in the query string.
  await request.post(`${base}/api/episodes?token=${CANARY.query}`, {
    data: { buyer: { name: CANARY.email, items: [] } },
  });
  await request.get(
    `${base}/api/debug/route-error?api_key=${CANARY.query}&email=${encodeURIComponent(CANARY.email)}`,
  );
  await page.goto(`${base}/episodes/${episode.id}?api_key=${CANARY.query}`);
  await page.goto(`${base}/debug?token=${CANARY.query}`);
  await page.getByTestId("throw-client-error").click();
  return { episode, failing, timingOut };
}

test.describe("nothing personal or secret reaches Sentry", () => {
  test.use({
    extraHTTPHeaders: {
      authorization: `Bearer ${CANARY.bearer}`,
      "x-api-key": CANARY.apiKeyHeader,
    },
  });

  test.beforeEach(async ({ context }) => {
    await resetReceiver();
    await context.addCookies([{ name: "mams_session", value: CANARY.cookie, url: APP_URL }]);
  });

  test("canaries planted everywhere a user or operator could put them: zero hits in any envelope of either project", async ({
    page,
    request,
  }) => {
    const { episode, failing, timingOut } = await plantAndRun(page, request, APP_URL);
    for (const room of [episode.rooms[0], failing.rooms[0], timingOut.rooms[0]])
      await waitForRoomStatus(room.id, ["completed", "failed"]);
    await waitForErrorMatching(FRONTEND_PROJECT, /MAMS debug: client error/);
    await waitForEvent(BACKEND_PROJECT, (e) => e.tags?.["error.code"] === "LLM_UNAVAILABLE");
    await waitForEvent(BACKEND_PROJECT, (e) => e.tags?.["error.code"] === "LLM_TIMEOUT");
    await waitForEvent(BACKEND_PROJECT, (e) => e.level === "warning");
    await page.goto("/"); // ends the page's spans so the browser flushes them
    await page.waitForTimeout(3000);
    const envelopes = await fetchEnvelopes();
    expect(envelopes.length).toBeGreaterThan(10);
    const raw = await rawEnvelopes();
    expect(hits(raw)).toEqual([]);
    // The planted values did reach the SDK, and were replaced on the way out.
    expect(raw).toContain("[email]");
    expect(raw).toContain("[Filtered]");
    // Extra context stays small: no configs or transcripts attached to events.
    for (const event of [
      ...eventsOf(await fetchEnvelopes(BACKEND_PROJECT)),
      ...eventsOf(await fetchEnvelopes(FRONTEND_PROJECT)),
    ]) {
      expect(JSON.stringify(event).length).toBeLessThan(60_000);
      expect(JSON.stringify(event)).not.toContain("sellingPrice");
    }
  });

  test("with SENTRY_SEND_DEFAULT_PII=true the server adds what was opted into, still without a secret", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    let server: ChildProcess | undefined;
    try {
      server = await startServer(
        {
          MAMS_DIST_DIR: E2E_DIST_DIR,
          MAMS_DATA_DIR: "tmp/e2e-data-pii",
          SENTRY_SEND_DEFAULT_PII: "true",
        },
        3104,
      );
      const base = "http://127.0.0.1:3104";
      const { failing } = await plantAndRun(page, request, base);
      await waitForRoomStatus(failing.rooms[0].id, ["failed"], 30_000, base);
      const event = await waitForErrorMatching(BACKEND_PROJECT, /MAMS debug: route handler error/);
      // Opted in: request headers such as the user agent travel with the event...
      expect(JSON.stringify(event.request ?? {})).toMatch(/user-agent/i);
      await page.waitForTimeout(2000);
      // ...but no secret and no email does.
      expect(hits(await rawEnvelopes())).toEqual([]);
    } finally {
      server?.kill("SIGTERM");
    }
  });

  test("the same run with scrubbing switched off leaks: the canary test can fail", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    let server: ChildProcess | undefined;
    try {
      server = await startServer(
        {
          MAMS_DIST_DIR: E2E_DIST_DIR,
          MAMS_DATA_DIR: "tmp/e2e-data-noscrub",
          SENTRY_SCRUB: "false",
          SENTRY_SEND_DEFAULT_PII: "true",
        },
        3102,
      );
      const base = "http://127.0.0.1:3102";
      const { episode } = await plantAndRun(page, request, base);
      await waitForRoomStatus(episode.rooms[0].id, ["completed", "failed"], 30_000, base);
      await expect
        .poll(async () => hits(await rawEnvelopes()), { timeout: 20_000 })
        .toEqual(expect.arrayContaining(["email", "query"]));
    } finally {
      server?.kill("SIGTERM");
    }
  });
});

test("the tunnel refuses garbage and oversize bodies with a 4xx", async ({ request }) => {
  expect(
    (
      await request.post("/monitoring", {
        data: "definitely not an envelope",
        headers: { "content-type": "text/plain" },
      })
    ).status(),
  ).toBe(400);
  expect(
    (
      await request.post("/monitoring", {
        data: "x".repeat(1024 * 1024 + 10),
        headers: { "content-type": "text/plain" },
      })
    ).status(),
  ).toBe(413);
  expect(RECEIVER_URL).toContain("127.0.0.1");
});

test("pages carry security headers and API errors carry no internals", async ({ request }) => {
  const page = await request.get("/");
  const csp = page.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(page.headers()["x-content-type-options"]).toBe("nosniff");
  expect(page.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const error = await request.get("/api/debug/route-error");
  expect(await error.text()).not.toMatch(/at .*\.(js|ts):\d+|MAMS debug: route handler error/);
});

test("the client bundle carries no server-only value", async () => {
  const text = publicChunks(E2E_DIST_DIR)
    .map((c) => c.content)
    .join("\n");
  for (const secret of ["e2ebackendpublickey", "sntrys_e2e_stand_in_token_0123456789"])
    expect(text).not.toContain(secret);
  expect(text).toContain("e2efrontendpublickey");
});
