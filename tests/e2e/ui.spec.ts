import { expect, test } from "@playwright/test";
import { BACKEND_PROJECT, FRONTEND_PROJECT } from "./support/e2e-config";
import { createEpisode, episodeCount } from "./support/api-client";
import {
  attr,
  eventsOf,
  fetchEnvelopes,
  resetReceiver,
  spansOf,
  waitForEvent,
  waitForSpan,
} from "./support/receiver-client";
import {
  browserTracingReady,
  ConfigurePage,
  DashboardPage,
  RoomPage,
  SummaryPage,
  snapshot,
} from "./pages/mams-pages";

test.beforeEach(async () => {
  await resetReceiver();
});

test("a whole episode from the sample data to the summary, as a person clicks it", async ({
  page,
}, testInfo) => {
  const configure = new ConfigurePage(page);
  await configure.open();
  await configure.useSampleData();
  await snapshot(page, testInfo, "configure");
  await configure.create();

  const dashboard = new DashboardPage(page);
  await dashboard.expectLoaded();
  await expect(dashboard.roomCards()).toHaveCount(3);
  await expect(dashboard.count("no-sellers")).toHaveText("1");
  await expect(page.getByText("No sellers available")).toBeVisible();
  await dashboard.startAll();
  await expect(dashboard.count("completed")).toHaveText("2", { timeout: 30_000 });
  await snapshot(page, testInfo, "dashboard");
  for (const text of await page.getByTestId("room-result").allTextContents()) {
    if (text) expect(text).toMatch(/^(Deal|No deal)|^$/);
  }

  await dashboard.openRoom(0);
  const room = new RoomPage(page);
  await room.waitForStatus("completed");
  await expect(page.getByTestId("outcome")).toBeVisible();
  await expect(page.getByTestId("offer-chart").locator("canvas")).toBeVisible();
  await snapshot(page, testInfo, "room");

  await page.goto(page.url().replace(/\/rooms\/.*/, ""));
  await dashboard.openSummary();
  await expect(page.getByTestId("summary")).toBeVisible();
  const { rows, spent } = await new SummaryPage(page).totals();
  expect(rows.length).toBeGreaterThan(0);
  expect(spent).toBeCloseTo(
    rows.reduce((a, b) => a + b, 0),
    2,
  );
  await expect(page.getByTestId("failed-items")).toContainText("Webcam");
  await snapshot(page, testInfo, "summary");

  await page.goto("/");
  await expect(page.getByTestId("episode-list")).toBeVisible();
  await snapshot(page, testInfo, "home");
});

test("a reload mid-room shows the whole chat and carries on live; two tabs see the same order", async ({
  page,
  context,
}) => {
  const episode = await createEpisode({
    faults: [{ kind: "delay", delayMs: 250, fromCall: 1 }],
    maxRounds: 6,
  });
  const roomId = episode.rooms[0]!.id;
  await page.goto(`/episodes/${episode.id}/rooms/${roomId}`);
  const room = new RoomPage(page);
  await room.start();
  await expect(room.entries()).not.toHaveCount(0);
  await expect.poll(async () => (await room.seqs()).length, { timeout: 15_000 }).toBeGreaterThan(3);
  const before = await room.seqs();
  await page.reload();
  await expect.poll(async () => (await room.seqs()).length).toBeGreaterThanOrEqual(before.length);
  expect((await room.seqs()).slice(0, before.length)).toEqual(before);

  const second = await context.newPage();
  await second.goto(`/episodes/${episode.id}/rooms/${roomId}`);
  await room.waitForStatus("completed");
  await new RoomPage(second).waitForStatus("completed");
  const [a, b] = [await room.seqs(), await new RoomPage(second).seqs()];
  expect(a).toEqual(b);
  expect(new Set(a).size).toBe(a.length);
  expect([...a].sort((x, y) => x - y)).toEqual(a);
});

test("bad configuration shows field errors and creates nothing", async ({ page }, testInfo) => {
  const before = await episodeCount();
  const configure = new ConfigurePage(page);
  await configure.open();
  await configure.useSampleData();
  await configure.sellerName(1).fill("TechHub");
  await page.locator("#buyer-items-0-minPrice").fill("2000");
  for (let i = 0; i < 8; i++) await page.getByTestId("add-seller").click();
  await expect(page.getByTestId("seller-card")).toHaveCount(11);
  await configure.create();
  await expect(page.locator("#sellers-1-name-error")).toHaveText("Seller names must be unique");
  await expect(page.locator("#buyer-items-0-maxPrice-error")).toHaveText(
    "Max price must be greater than min price",
  );
  await expect(page.getByText("At most 10 sellers")).toBeVisible();
  await expect(page.getByTestId("form-error")).toBeVisible();
  await snapshot(page, testInfo, "configure-errors");
  expect(await episodeCount()).toBe(before);
  await expect(page).toHaveURL(/\/episodes\/new$/);
});

test("a provider fault shows in the room, offers a retry, and is reported once with the room's ids", async ({
  page,
}, testInfo) => {
  const episode = await createEpisode({
    faults: [{ kind: "http_500", agent: "GadgetWorld", fromCall: 2 }],
    maxRetries: 1,
  });
  const roomId = episode.rooms[0]!.id;
  await page.goto(`/episodes/${episode.id}/rooms/${roomId}`);
  await new RoomPage(page).start();
  await expect(page.getByTestId("room-failure")).toContainText("LLM_UNAVAILABLE", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("resume")).toBeVisible();
  await expect(
    page.getByTestId("chat-entry").filter({ hasText: "Simulated provider error" }),
  ).toHaveCount(0);
  await snapshot(page, testInfo, "room-failure");

  const event = await waitForEvent(BACKEND_PROJECT, (e) => e.tags?.negotiation_id === roomId);
  expect(event.tags).toMatchObject({ "error.code": "LLM_UNAVAILABLE", session_id: episode.id });
  expect(
    (event.breadcrumbs ?? []).some(
      (b) => b.category === "negotiation" && b.message === "round 1 started",
    ),
  ).toBe(true);
  await page.waitForTimeout(2000);
  const all = [
    ...eventsOf(await fetchEnvelopes(BACKEND_PROJECT)),
    ...eventsOf(await fetchEnvelopes(FRONTEND_PROJECT)),
  ];
  expect(all.filter((e) => JSON.stringify(e).includes(roomId))).toHaveLength(1);
});

test("a client error inside the room is caught by the room's boundary and reported with its ids", async ({
  page,
}, testInfo) => {
  const episode = await createEpisode();
  const roomId = episode.rooms[0]!.id;
  await page.goto(`/episodes/${episode.id}/rooms/${roomId}?debug=throw`);
  await expect(page.getByTestId("error-boundary")).toHaveAttribute("data-boundary", "room");
  await snapshot(page, testInfo, "room-boundary");
  // It failed in the server render first: the server reports it once (the browser skips its re-throw).
  const event = await waitForEvent(BACKEND_PROJECT, (e) =>
    (e.exception?.values ?? []).some((v) => v.value === "MAMS debug: room render error"),
  );
  expect(event.tags).toMatchObject({ negotiation_id: roomId, session_id: episode.id });
  await page.getByTestId("retry").click();
});

test("navigations produce parameterised navigation spans, and user steps leave breadcrumbs", async ({
  page,
}) => {
  const episode = await createEpisode();
  await page.goto(`/episodes/${episode.id}`);
  await browserTracingReady(page);
  await new DashboardPage(page).openRoom(1);
  await expect(page.getByTestId("room")).toBeVisible();
  const navigation = await waitForSpan(
    FRONTEND_PROJECT,
    (s) => s.is_segment && attr(s, "sentry.op") === "navigation",
    30_000,
  );
  expect(navigation.name).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  expect(navigation.name).toMatch(/^\/episodes\/(:id|\[id\])\/rooms\/(:roomId|\[roomId\])$/);
  expect(spansOf(await fetchEnvelopes(FRONTEND_PROJECT)).length).toBeGreaterThan(0);
});

test("Report a problem sends Sentry user feedback tagged with the room", async ({ page }) => {
  const episode = await createEpisode();
  const roomId = episode.rooms[0]!.id;
  await page.goto(`/episodes/${episode.id}/rooms/${roomId}`);
  await page.getByTestId("report-problem").click();
  await page.getByTestId("feedback-message").fill("The chart looks odd");
  await page.getByTestId("feedback-submit").click();
  await expect(page.getByTestId("feedback-sent")).toBeVisible();
  await expect
    .poll(
      async () =>
        (await fetchEnvelopes(FRONTEND_PROJECT))
          .flatMap((e) => e.items)
          .filter((i) => i.header.type === "feedback" && JSON.stringify(i.payload).includes(roomId))
          .length,
    )
    .toBe(1);
});
