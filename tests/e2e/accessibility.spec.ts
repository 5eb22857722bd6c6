import { expect, test, type Page } from "@playwright/test";
import { createEpisode, waitForRoomStatus } from "./support/api-client";
import { APP_URL } from "./support/e2e-config";
import { axeFindings, formatFindings } from "./pages/axe-report";

// axe-core with the WCAG 2.1 AA rules finds nothing on any page, in the light and the dark colour scheme.
// Each test names its page and scheme and, when it fails, prints every violating node (rule, selector and,
// for contrast, the two colours with their ratio) so the fix can be made in the design tokens (app/globals.css).

type Fixture = {
  episodeId: string;
  roomId: string;
  emptyRoomId: string;
  failedEpisodeId: string;
  failedRoomId: string;
  experimentId: string;
};
let data: Fixture;

const post = async (path: string, body: unknown = {}) => {
  const response = await fetch(`${APP_URL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, `POST ${path}`).toBeLessThan(300);
  return response.json();
};

async function waitForExperiment(id: string) {
  await expect
    .poll(
      async () =>
        (await (await fetch(`${APP_URL}/api/experiments/${id}`)).json()).experiment?.status,
      { timeout: 120_000 },
    )
    .toBe("completed");
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // A finished episode: its first room negotiated to the end, so the room, dashboard and summary show results.
  const episode = await createEpisode();
  const roomId = episode.rooms[0]!.id;
  await post(`/api/rooms/${roomId}/start`);
  await waitForRoomStatus(roomId, ["completed"]);
  // A room whose provider fails: the failure panel and its Resume button.
  const failing = await createEpisode({
    faults: [{ kind: "http_500", fromCall: 1 }],
    maxRetries: 0,
  });
  const failedRoomId = failing.rooms[0]!.id;
  await post(`/api/rooms/${failedRoomId}/start`);
  await waitForRoomStatus(failedRoomId, ["failed"]);
  const { experiment } = await post("/api/experiments", {
    name: "accessibility",
    scenario: { kind: "generated", items: 1, sellers: 2, rangeWidth: 0.3, noOverlapShare: 0 },
    arms: [
      {
        label: "retention",
        provider: "simulated",
        model: "mams-sim-1",
        temperature: 0.7,
        sellerPriority: "customer_retention",
      },
      {
        label: "profit",
        provider: "simulated",
        model: "mams-sim-1",
        temperature: 0.7,
        sellerPriority: "maximize_profit",
      },
    ],
    seeds: [1, 2],
    maxRounds: 3,
    concurrency: 2,
  });
  await waitForExperiment(experiment.id);
  data = {
    episodeId: episode.id,
    roomId,
    emptyRoomId: episode.rooms[1]!.id,
    failedEpisodeId: failing.id,
    failedRoomId,
    experimentId: experiment.id,
  };
});

type Check = { name: string; open: (page: Page) => Promise<void> };

const visit =
  (path: () => string, testId: string): Check["open"] =>
  async (page) => {
    await page.goto(path());
    await expect(page.getByTestId(testId).first()).toBeVisible({ timeout: 30_000 });
  };

const CHECKS: Check[] = [
  { name: "home", open: visit(() => "/", "episode-list") },
  {
    name: "episodes/new (sample data)",
    open: async (page) => {
      await page.goto("/episodes/new");
      await page.getByTestId("use-sample").click();
      await expect(page.getByTestId("seller-card").first()).toBeVisible();
    },
  },
  {
    name: "episodes/new (field errors)",
    open: async (page) => {
      await page.goto("/episodes/new");
      await page.getByTestId("use-sample").click();
      await page.locator("#buyer-items-0-minPrice").fill("999999");
      await page.getByTestId("create-episode").click();
      await expect(page.getByTestId("field-error").first()).toBeVisible();
    },
  },
  { name: "episode dashboard", open: visit(() => `/episodes/${data.episodeId}`, "dashboard") },
  {
    name: "room (finished)",
    open: async (page) => {
      await page.goto(`/episodes/${data.episodeId}/rooms/${data.roomId}`);
      await expect(page.getByTestId("room")).toHaveAttribute("data-status", "completed");
      await expect(page.getByTestId("economics")).toBeVisible();
    },
  },
  {
    name: "room (not started)",
    open: visit(() => `/episodes/${data.episodeId}/rooms/${data.emptyRoomId}`, "start"),
  },
  {
    name: "room (failed)",
    open: visit(
      () => `/episodes/${data.failedEpisodeId}/rooms/${data.failedRoomId}`,
      "room-failure",
    ),
  },
  { name: "summary", open: visit(() => `/episodes/${data.episodeId}/summary`, "summary") },
  { name: "experiments list", open: visit(() => "/experiments", "experiment-list") },
  { name: "experiments/new", open: visit(() => "/experiments/new", "experiment-form") },
  {
    name: "experiment results",
    open: async (page) => {
      await page.goto(`/experiments/${data.experimentId}`);
      await expect(page.getByTestId("experiment")).toHaveAttribute("data-status", "completed");
      await expect(page.getByTestId("results-table").first()).toBeVisible();
    },
  },
  { name: "prices", open: visit(() => "/prices", "price-table") },
  { name: "import", open: visit(() => "/import", "import-file") },
  { name: "signin", open: visit(() => "/signin", "signin-submit") },
  { name: "debug triggers", open: visit(() => "/debug", "throw-client-error") },
  {
    name: "not found",
    open: async (page) => {
      await page.goto("/episodes/no-such-episode");
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    },
  },
  { name: "error boundary (app)", open: visit(() => "/debug/server-error", "error-boundary") },
  {
    name: "error boundary (room)",
    open: visit(
      () => `/episodes/${data.episodeId}/rooms/${data.roomId}?debug=throw`,
      "error-boundary",
    ),
  },
];

async function openLiveRoom(page: Page) {
  // Every model call waits, so the room is still negotiating while axe looks at it.
  const episode = await createEpisode({ faults: [{ kind: "delay", fromCall: 1, delayMs: 1500 }] });
  const roomId = episode.rooms[0]!.id;
  await page.goto(`/episodes/${episode.id}/rooms/${roomId}`);
  await page.getByTestId("start").click();
  await expect(page.getByTestId("room")).toHaveAttribute("data-status", "running", {
    timeout: 15_000,
  });
  await expect(page.getByTestId("chat-entry").first()).toBeVisible({ timeout: 15_000 });
  return roomId;
}

const SCHEMES = ["light", "dark"] as const;
type Scheme = (typeof SCHEMES)[number];

/** Axe in both schemes on the page as it stands: the switch is a media query, so no reload is needed. */
async function checkBothSchemes(page: Page, name: string, reports: Record<Scheme, string[]>) {
  let total = 0;
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    // Colour transitions (buttons) would leave axe measuring a colour halfway between the two schemes.
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    const findings = await axeFindings(page);
    total += findings.length;
    if (findings.length) reports[colorScheme].push(formatFindings(name, findings));
  }
  return total;
}

// One page load per page, checked in the light and then the dark scheme; one step per page, so every page
// is checked even when an earlier one fails, and the failure lists all of them at once, by scheme.
test("axe finds no WCAG 2.1 AA violation on any page in the light and the dark scheme", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const reports: Record<Scheme, string[]> = { light: [], dark: [] };
  let total = 0;
  for (const check of CHECKS) {
    await test.step(check.name, async () => {
      await page.emulateMedia({ colorScheme: "light" });
      await check.open(page);
      total += await checkBothSchemes(page, check.name, reports);
    });
  }
  await test.step("room (live)", async () => {
    const roomId = await openLiveRoom(page);
    total += await checkBothSchemes(page, "room (live)", reports);
    await expect(page.getByTestId("room"), "the room was still live when axe ran").toHaveAttribute(
      "data-status",
      "running",
    );
    await post(`/api/rooms/${roomId}/stop`);
  });
  const report = SCHEMES.map(
    (scheme) =>
      `${scheme} scheme: violations on ${reports[scheme].length} of ${CHECKS.length + 1} pages\n${reports[scheme].join("\n")}`,
  ).join("\n");
  if (total) console.log(report);
  expect(total, report).toBe(0);
});
