import { expect, test, type Page } from "@playwright/test";
import { APP_URL, FRONTEND_PROJECT } from "./support/e2e-config";
import {
  attr,
  fetchEnvelopes,
  resetReceiver,
  waitForErrorMatching,
  waitForSpan,
  type SentryEvent,
} from "./support/receiver-client";
import { lineOf, resolveTopFrame } from "./support/sourcemaps";

// The first-load loader (lib/sentry/browser/loader.ts) against the real SDK, through the tunnel and the
// local receiver: what happens before the SDK has loaded must arrive as if it had been there.

type Timed = Omit<SentryEvent, "breadcrumbs"> & {
  timestamp: number;
  breadcrumbs?: Array<{
    category?: string;
    message?: string;
    level?: string;
    timestamp?: number;
    data?: Record<string, unknown>;
  }>;
};

const EARLY_SOURCE = "components/debug/early-errors.tsx";

test.beforeEach(async () => resetReceiver());

test("errors thrown before the SDK loads arrive unhandled, with their own stacks, time and the breadcrumbs before them", async ({
  page,
}) => {
  await page.goto("/debug?throwEarly");
  // Hydration can come after the load event on a busy machine: the effect sets this when it throws.
  await expect(page.locator("html")).toHaveAttribute("data-early-at", /^\d+$/);
  const earlyAt = Number(await page.locator("html").getAttribute("data-early-at")) / 1000;
  expect(earlyAt).toBeGreaterThan(0);
  await expect(page.locator("html")).toHaveAttribute("data-sentry-sdk", "ready", {
    timeout: 15_000,
  });

  const thrown = (await waitForErrorMatching(FRONTEND_PROJECT, /MAMS debug: early error/)) as Timed;
  const rejected = (await waitForErrorMatching(
    FRONTEND_PROJECT,
    /MAMS debug: early rejection/,
  )) as Timed;
  expect(thrown.exception!.values![0]!.mechanism).toMatchObject({
    handled: false,
    type: "auto.browser.global_handlers.onerror",
  });
  expect(rejected.exception!.values![0]!.mechanism).toMatchObject({
    handled: false,
    type: "auto.browser.global_handlers.onunhandledrejection",
  });
  for (const event of [thrown, rejected]) {
    // Replayed from the loader's queue (the SDK's own handlers do not set this), at the time it happened.
    expect(event.tags?.loader).toBe("queued");
    expect(Math.abs(event.timestamp - earlyAt)).toBeLessThan(1);
    const consoleCrumb = event.breadcrumbs?.find(
      (b) =>
        b.category === "console" &&
        b.message === "MAMS debug: console error before the early errors",
    );
    expect(consoleCrumb?.level).toBe("error");
    expect(Math.abs(consoleCrumb!.timestamp! - earlyAt)).toBeLessThan(0.5);
    expect(consoleCrumb!.timestamp!).toBeLessThanOrEqual(event.timestamp);
  }
  // Replayed in the order they happened: the later one carries the SDK's breadcrumb of the earlier one, never the reverse.
  const [first, second] = [thrown, rejected].sort((a, b) => a.timestamp - b.timestamp);
  const mentions = (event: Timed, other: Timed) =>
    event.breadcrumbs?.some(
      (b) =>
        b.category === "sentry.event" &&
        (b.message ?? "").includes(other.exception!.values![0]!.value!),
    );
  expect(mentions(second!, first!)).toBe(true);
  expect(mentions(first!, second!)).toBe(false);

  // The original Error objects were kept: their frames resolve through the uploaded maps to the lines.
  const thrownTop = await resolveTopFrame(thrown as SentryEvent, /\/_next\/static\/.+\.js$/);
  expect(thrownTop.source).toMatch(/components\/debug\/early-errors\.tsx$/);
  expect(thrownTop.line).toBe(lineOf(EARLY_SOURCE, 'throw new Error("MAMS debug: early error")'));
  const rejectedTop = await resolveTopFrame(rejected as SentryEvent, /\/_next\/static\/.+\.js$/);
  expect(rejectedTop.line).toBe(lineOf(EARLY_SOURCE, 'new Error("MAMS debug: early rejection")'));

  // The pageload span still starts at navigation start, and the early errors belong to its trace.
  const pageload = await waitForSpan(
    FRONTEND_PROJECT,
    (s) => s.is_segment && attr(s, "sentry.op") === "pageload" && attr(s, "url.path") === "/debug",
    30_000,
  );
  const timeOrigin = await page.evaluate(() => performance.timeOrigin / 1000);
  expect(Math.abs(pageload.start_timestamp - timeOrigin)).toBeLessThan(0.05);
  expect(thrown.contexts?.trace?.trace_id).toBe(pageload.trace_id);
});

/** Holds every script the page's HTML does not load itself (the SDK's chunks among them) until released. */
async function holdLazyChunks(page: Page, path: string): Promise<() => void> {
  const html = await (await page.request.get(path)).text();
  const firstLoad = new Set(
    [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map(
      (m) => new URL(m[1]!, APP_URL).pathname,
    ),
  );
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/.+\.js$/, async (route) => {
    if (!firstLoad.has(new URL(route.request().url()).pathname)) await released;
    await route.continue();
  });
  return release;
}

test("clicks, requests and navigations before the SDK has loaded ride, in order, on the error that made it load", async ({
  page,
}) => {
  const release = await holdLazyChunks(page, "/debug");
  await page.goto("/debug");
  await page.getByTestId("call-route-error").click();
  await expect(page.getByTestId("route-status")).toHaveText("HTTP 500");
  await page.evaluate(() => history.pushState(history.state, "", "/debug?step=2"));
  await page.getByTestId("throw-client-error").click();
  // The SDK is still held back: everything so far exists only in the loader's queue.
  expect(await page.locator("html").getAttribute("data-sentry-sdk")).toBeNull();
  release();
  const event = (await waitForErrorMatching(
    FRONTEND_PROJECT,
    /^MAMS debug: client error$/,
  )) as Timed;
  expect(event.tags?.loader).toBe("queued");
  expect(event.exception!.values![0]!.mechanism).toMatchObject({
    handled: false,
    type: "auto.browser.global_handlers.onerror",
  });
  const crumbs = event.breadcrumbs ?? [];
  const index = (predicate: (b: (typeof crumbs)[number]) => boolean) => crumbs.findIndex(predicate);
  const routeClick = index(
    (b) => b.category === "ui.click" && /call-route-error/.test(b.message ?? ""),
  );
  const request = index(
    (b) => b.category === "fetch" && String(b.data?.url).endsWith("/api/debug/route-error"),
  );
  const navigation = index((b) => b.category === "navigation" && b.data?.to === "/debug?step=2");
  const throwClick = index(
    (b) => b.category === "ui.click" && /throw-client-error/.test(b.message ?? ""),
  );
  expect(
    [routeClick, request, navigation, throwClick].every((i) => i >= 0),
    JSON.stringify(crumbs),
  ).toBe(true);
  expect(routeClick).toBeLessThan(request);
  expect(request).toBeLessThan(navigation);
  expect(navigation).toBeLessThan(throwClick);
  expect(crumbs[request]!.data?.status_code).toBe(500);
  const top = await resolveTopFrame(event as SentryEvent, /\/_next\/static\/.+\.js$/);
  expect(top.line).toBe(
    lineOf("components/debug/debug-triggers.tsx", 'throw new Error("MAMS debug: client error")'),
  );
});

test("Report a problem, clicked at once after the page opens, reaches Sentry", async ({ page }) => {
  await page.goto("/debug");
  await page.getByTestId("report-problem").click();
  await page.getByTestId("feedback-message").fill("Reported before the SDK was idle-loaded");
  await page.getByTestId("feedback-submit").click();
  await expect(page.getByTestId("feedback-sent")).toBeVisible();
  const feedback = async () =>
    (await fetchEnvelopes(FRONTEND_PROJECT)).flatMap((e) =>
      e.items
        .filter((i) => i.header.type === "feedback")
        .map((i) => i.payload as { contexts?: { feedback?: { message?: string } } }),
    );
  await expect
    .poll(async () => (await feedback()).map((f) => f.contexts?.feedback?.message), {
      timeout: 20_000,
    })
    .toContain("Reported before the SDK was idle-loaded");
});
