import { inflateSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import { APP_URL, FRONTEND_PROJECT } from "./support/e2e-config";
import type { StoredEnvelope } from "../shared/sentry-receiver";
import { fetchEnvelopes, resetReceiver, waitForErrorMatching } from "./support/receiver-client";

// Canaries of the privacy suite's kind: text shown on the page and a value typed into a field.
const CANARY_TEXT = "canary.replay+5521@example.org";
const CANARY_TYPED = "canary-typed-secret-8642";

test.beforeEach(async () => resetReceiver());

async function episodeWithCanaryBuyer(page: Page): Promise<string> {
  const config = {
    ...sampleEpisodeConfig,
    buyer: { ...sampleEpisodeConfig.buyer, name: CANARY_TEXT },
  };
  const response = await page.request.post(`${APP_URL}/api/episodes`, { data: config });
  expect(response.status()).toBe(201);
  return (await response.json()).episode.id as string;
}

type ReplayItems = { replayIds: string[]; errorIds: string[]; recordings: string[] };

/** replay_event ids and replay_recording payloads (`{"segment_id":n}\n` + zlib-compressed rrweb JSON, or plain). */
function replayItems(envelopes: StoredEnvelope[]): ReplayItems {
  const replayIds: string[] = [];
  const errorIds: string[] = [];
  const recordings: string[] = [];
  for (const envelope of envelopes) {
    for (const item of envelope.items) {
      if (item.header.type === "replay_event") {
        const replayEvent = item.payload as { replay_id: string; error_ids?: string[] };
        replayIds.push(replayEvent.replay_id);
        errorIds.push(...(replayEvent.error_ids ?? []));
      }
      if (item.header.type !== "replay_recording") continue;
      const bytes = Buffer.from(item.payload as string, "base64");
      const body = bytes.subarray(bytes.indexOf(0x0a) + 1);
      let text: string;
      try {
        text = inflateSync(body).toString("utf8");
      } catch {
        text = body.toString("utf8");
      }
      recordings.push(text);
    }
  }
  return { replayIds, errorIds, recordings };
}

async function replayReady(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-sentry-replay", "ready", {
    timeout: 15_000,
  });
}

async function typeCanaryAndCancel(page: Page) {
  await page.getByTestId("report-problem").click();
  await page.getByTestId("feedback-message").fill(CANARY_TYPED);
  await page.getByRole("button", { name: "Cancel" }).click();
}

test("a client error sends a Session Replay linked to the event, with no readable text, input or canary", async ({
  page,
}) => {
  const episodeId = await episodeWithCanaryBuyer(page);
  await page.goto(`/episodes/${episodeId}`);
  await expect(page.getByText(CANARY_TEXT).first()).toBeVisible();
  await replayReady(page);
  await typeCanaryAndCancel(page);
  await page.evaluate(() =>
    setTimeout(() => {
      throw new Error("MAMS replay test: client error");
    }),
  );

  const event = await waitForErrorMatching(FRONTEND_PROJECT, /MAMS replay test: client error/);
  // The replay integration links both ways: the event is tagged with the replay, the replay lists the event.
  const replayId = event.tags?.replayId;
  expect(replayId).toMatch(/^[0-9a-f]{32}$/);
  await expect
    .poll(async () => replayItems(await fetchEnvelopes(FRONTEND_PROJECT)).replayIds, {
      timeout: 20_000,
    })
    .toContain(replayId);
  expect(replayItems(await fetchEnvelopes(FRONTEND_PROJECT)).errorIds).toContain(event.event_id);
  const { recordings } = replayItems(await fetchEnvelopes(FRONTEND_PROJECT));
  const text = recordings.join("\n");
  // Decompressed for real: an rrweb full snapshot of the page, its heading there but masked.
  expect(text).toContain('"tagName":"h1"');
  expect(text).not.toContain("shopping list");
  for (const canary of [CANARY_TEXT, CANARY_TYPED, encodeURIComponent(CANARY_TEXT)])
    expect(text).not.toContain(canary);
  const raw = (await fetchEnvelopes(FRONTEND_PROJECT))
    .map((e) => Buffer.from(e.raw, "base64").toString("latin1"))
    .join("\n");
  for (const canary of [CANARY_TEXT, CANARY_TYPED]) expect(raw).not.toContain(canary);
});

test("a problem report attaches the replay of the minute before it", async ({ page }) => {
  await page.goto("/debug");
  await replayReady(page);
  await page.getByTestId("report-problem").click();
  await page.getByTestId("feedback-message").fill("The debug page looks odd");
  await page.getByTestId("feedback-submit").click();
  await expect(page.getByTestId("feedback-sent")).toBeVisible();
  const feedback = async () =>
    (await fetchEnvelopes(FRONTEND_PROJECT)).flatMap((e) =>
      e.items
        .filter((i) => i.header.type === "feedback")
        .map((i) => i.payload as { contexts?: { feedback?: { replay_id?: string } } }),
    );
  await expect.poll(async () => (await feedback()).length, { timeout: 20_000 }).toBe(1);
  const replayId = (await feedback())[0]!.contexts?.feedback?.replay_id;
  expect(replayId).toMatch(/^[0-9a-f]{32}$/);
  await expect
    .poll(async () => replayItems(await fetchEnvelopes(FRONTEND_PROJECT)).replayIds, {
      timeout: 20_000,
    })
    .toContain(replayId);
});

test("Session Replay is fetched after first paint, not with the first load", async ({ page }) => {
  const REPLAY_MARKER = "rr-block"; // rrweb's class name, only in the replay code
  const scripts = new Map<string, string>();
  page.on("response", async (response) => {
    if (response.url().endsWith(".js"))
      scripts.set(response.url(), await response.text().catch(() => ""));
  });
  const html = await (await page.goto("/episodes/new"))!.text();
  const firstLoad = [...html.matchAll(/<script([^>]+)>/g)]
    .filter((m) => !/noModule/i.test(m[1]!))
    .flatMap((m) => /src="([^"]+\.js)"/.exec(m[1]!)?.[1] ?? [])
    .map((src) => new URL(src, page.url()).href);
  await replayReady(page);
  await expect.poll(() => firstLoad.every((src) => scripts.has(src))).toBe(true);
  expect(firstLoad.filter((src) => scripts.get(src)!.includes(REPLAY_MARKER))).toEqual([]);
  expect(
    [...scripts].filter(([src, body]) => !firstLoad.includes(src) && body.includes(REPLAY_MARKER))
      .length,
  ).toBeGreaterThan(0);
});
