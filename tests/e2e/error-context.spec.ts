import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { createEpisode } from "./support/api-client";
import { APP_URL, BACKEND_PROJECT, FRONTEND_PROJECT } from "./support/e2e-config";
import {
  attr,
  eventsOf,
  fetchEnvelopes,
  resetReceiver,
  waitForEvent,
  waitForSpan,
} from "./support/receiver-client";

test.beforeEach(async () => {
  await resetReceiver();
});

test("a room stream that keeps failing in the browser is reported once, with the room's ids", async ({
  page,
}) => {
  const episode = await createEpisode();
  const roomId = episode.rooms[0]!.id;
  let attempts = 0;
  await page.route("**/api/rooms/*/stream", (route) => {
    attempts += 1;
    return route.fulfill({
      status: 503,
      contentType: "application/json",
      body: '{"error":{"code":"INTERNAL_ERROR","message":"down"}}',
    });
  });
  await page.goto(`/episodes/${episode.id}/rooms/${roomId}`);
  const event = await waitForEvent(
    FRONTEND_PROJECT,
    (e) => e.tags?.["error.code"] === "STREAM_UNAVAILABLE",
    30_000,
  );
  expect(event.tags).toMatchObject({ negotiation_id: roomId, session_id: episode.id });
  // values run from the innermost cause ("stream answered 503") to the reported error.
  expect(event.exception?.values?.at(-1)).toMatchObject({
    type: "RoomStreamError",
    value: expect.stringMatching(/failed 5 times in a row \(last: stream answered 503\)/),
  });
  // The viewer keeps trying; Sentry is not told again.
  await expect.poll(() => attempts, { timeout: 20_000 }).toBeGreaterThan(6);
  const reports = eventsOf(await fetchEnvelopes(FRONTEND_PROJECT)).filter(
    (e) => e.tags?.["error.code"] === "STREAM_UNAVAILABLE",
  );
  expect(reports).toHaveLength(1);
});

test("calls from the production server to an LLM provider carry no sentry-trace or baggage", async () => {
  const received: http.IncomingHttpHeaders[] = [];
  const provider = http.createServer((request, response) => {
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
  try {
    const baseUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;
    const episode = await createEpisode({
      provider: "lmstudio",
      model: "stand-in",
      baseUrl,
      maxRetries: 0,
    });
    const roomId = episode.rooms[0]!.id;
    expect(
      (
        await fetch(`${APP_URL}/api/rooms/${roomId}/start`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        })
      ).status,
    ).toBe(202);
    // The run is traced (so the SDK would have propagated), and the provider was called.
    await waitForSpan(
      BACKEND_PROJECT,
      (s) => attr(s, "sentry.op") === "negotiation.run" && attr(s, "negotiation_id") === roomId,
      30_000,
    );
    expect(received.length).toBeGreaterThan(0);
    for (const headers of received) {
      expect(headers["sentry-trace"]).toBeUndefined();
      expect(headers.baggage).toBeUndefined();
    }
  } finally {
    provider.closeAllConnections();
    provider.close();
  }
});
