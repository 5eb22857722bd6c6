import { expect, test, type Page } from "@playwright/test";
import { createEpisode, waitForRoomStatus } from "./support/api-client";
import { BACKEND_PROJECT, FRONTEND_PROJECT } from "./support/e2e-config";
import {
  eventsOf,
  fetchEnvelopes,
  resetReceiver,
  type SentryEvent,
} from "./support/receiver-client";

// Point 4 of issue 11: one failure, one event, across both projects (backend = 1, frontend = 2).
test.beforeEach(async () => resetReceiver());

type Counted = { project: string; event: SentryEvent };
async function allEvents(): Promise<Counted[]> {
  return (await fetchEnvelopes()).flatMap((envelope) =>
    eventsOf([envelope]).map((event) => ({ project: envelope.project, event })),
  );
}
const mentions = (pattern: RegExp) => (c: Counted) =>
  pattern.test(JSON.stringify([c.event.message, c.event.exception?.values?.map((v) => v.value)]));

/** Waits for the first copy, then long enough for a second one from the other side to arrive too. */
async function expectExactlyOne(pattern: RegExp, project: string, page?: Page) {
  await expect
    .poll(async () => (await allEvents()).filter(mentions(pattern)).length, { timeout: 20_000 })
    .toBeGreaterThan(0);
  await (page ? page.waitForTimeout(3000) : new Promise((r) => setTimeout(r, 3000)));
  const copies = (await allEvents()).filter(mentions(pattern));
  expect(copies.map((c) => c.project)).toEqual([project]);
}

test("route handler error called from the browser: one backend event", async ({ page }) => {
  await page.goto("/debug");
  await page.getByTestId("call-route-error").click();
  await expect(page.getByTestId("route-status")).toHaveText("HTTP 500");
  await expectExactlyOne(/MAMS debug: route handler error/, BACKEND_PROJECT, page);
});

test("server component error shown by the browser boundary: one backend event", async ({
  page,
}) => {
  await page.goto("/debug/server-error");
  await expect(page.getByTestId("error-boundary")).toBeVisible();
  await expectExactlyOne(/MAMS debug: server component error/, BACKEND_PROJECT, page);
});

test("client component errors, in a handler and while rendering: one frontend event each", async ({
  page,
}) => {
  await page.goto("/debug");
  await page.getByTestId("throw-client-error").click();
  await expectExactlyOne(/MAMS debug: client error/, FRONTEND_PROJECT, page);
  await page.getByTestId("throw-render-error").click();
  await expect(page.getByTestId("error-boundary")).toBeVisible();
  await expectExactlyOne(/MAMS debug: client render error/, FRONTEND_PROJECT, page);
});

test("a client component that fails on the server and again in the browser: one event", async ({
  page,
}) => {
  await page.goto("/debug/client-render-error");
  await expect(page.getByTestId("error-boundary")).toBeVisible();
  await expectExactlyOne(/MAMS debug: client component render error/, BACKEND_PROJECT, page);
  // Nor any other event for it (React's "switched to client rendering" included).
  expect((await allEvents()).map((c) => c.project)).toEqual([BACKEND_PROJECT]);
});

test("a run failure watched in the browser: one backend event", async ({ page }) => {
  const episode = await createEpisode({
    faults: [{ kind: "http_500", agent: "TechHub", fromCall: 1 }],
    maxRetries: 0,
  });
  const roomId = episode.rooms[0]!.id;
  await page.goto(`/episodes/${episode.id}/rooms/${roomId}`);
  await page.evaluate(
    async (id) =>
      fetch(`/api/rooms/${id}/start`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    roomId,
  );
  await waitForRoomStatus(roomId, ["failed"]);
  await expect
    .poll(
      async () => (await allEvents()).filter((c) => c.event.tags?.negotiation_id === roomId).length,
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
  await page.waitForTimeout(3000);
  expect(
    (await allEvents())
      .filter((c) => c.event.tags?.negotiation_id === roomId)
      .map((c) => c.project),
  ).toEqual([BACKEND_PROJECT]);
});

test("bad input sent from the browser: one backend warning", async ({ page }) => {
  await page.goto("/episodes/new");
  const status = await page.evaluate(
    async () =>
      (
        await fetch("/api/episodes", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{broken",
        })
      ).status,
  );
  expect(status).toBe(400);
  await expect.poll(async () => (await allEvents()).length, { timeout: 20_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(3000);
  const events = await allEvents();
  expect(events.map((c) => [c.project, c.event.level])).toEqual([[BACKEND_PROJECT, "warning"]]);
});
