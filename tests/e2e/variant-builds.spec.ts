import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { firstLoadJs } from "../../scripts/bench/bundle";
import { APP_URL, BACKEND_PROJECT, FRONTEND_PROJECT } from "./support/e2e-config";
import { startServer } from "./support/build-runner";
import { VARIANT_BUILDS, variantBuild } from "./support/variant-builds";
import {
  attr,
  fetchEnvelopes,
  resetReceiver,
  spansOf,
  waitForErrorMatching,
  waitForSpan,
} from "./support/receiver-client";
import { waitForRoomStatus } from "./support/api-client";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import { WEBPACK_GEN_AI_NOTICE } from "../../lib/sentry/build/webpack-notice.mjs";
import { filesUnder, lineOf, publicChunks, resolveTopFrame, stubState } from "./support/sourcemaps";

// Each of these needs its own build (30–90 s on two cores). In `npm run test:e2e` they were made in the
// background while the main specs ran (support/global-setup.ts); this file sorts last so it finds them done.
test.describe.configure({ timeout: 300_000 });

test.describe("a webpack build (next build --webpack)", () => {
  const DIST = VARIANT_BUILDS.webpack.overrides.MAMS_DIST_DIR;
  const PORT = 3101;
  let server: ChildProcess | undefined;
  let buildOutput = "";

  test.beforeAll(async () => {
    test.setTimeout(600_000);
    const build = await variantBuild("webpack");
    expect(build.code, build.output.slice(-3000)).toBe(0);
    buildOutput = build.output;
    server = await startServer(
      { MAMS_DIST_DIR: DIST, MAMS_DATA_DIR: "tmp/e2e-data-webpack" },
      PORT,
    );
  });
  test.afterAll(() => void server?.kill("SIGTERM"));
  test.beforeEach(async () => resetReceiver());

  test("uploads a map for every client chunk and publishes none", async ({ request }) => {
    const uploaded = new Set(
      (await stubState()).bundles.flatMap((b) =>
        b.files.filter((f) => f.type === "source_map").map((f) => f.debugId?.toLowerCase()),
      ),
    );
    const chunks = publicChunks(DIST);
    expect(chunks.filter((c) => c.debugId).length).toBeGreaterThan(5);
    for (const chunk of chunks.filter((c) => c.debugId))
      expect(uploaded, chunk.url).toContain(chunk.debugId);
    expect(filesUnder(`${DIST}/static`, ".map")).toEqual([]);
    for (const chunk of chunks.slice(0, 20))
      expect((await request.get(`http://127.0.0.1:${PORT}${chunk.url}.map`)).status()).toBe(404);
  });

  test("the build says that gen_ai spans are missing, and they are: the run's own spans arrive without them", async () => {
    expect(buildOutput.split(WEBPACK_GEN_AI_NOTICE)).toHaveLength(2);
    const base = `http://127.0.0.1:${PORT}`;
    const created = await fetch(`${base}/api/episodes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(sampleEpisodeConfig),
    });
    const roomId = (await created.json()).episode.rooms[0].id as string;
    await fetch(`${base}/api/rooms/${roomId}/start`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await waitForRoomStatus(roomId, ["completed"], 60_000, base);
    const run = await waitForSpan(
      BACKEND_PROJECT,
      (s) => attr(s, "sentry.op") === "negotiation.run" && attr(s, "negotiation_id") === roomId,
      30_000,
    );
    await expect
      .poll(
        async () =>
          spansOf(await fetchEnvelopes(BACKEND_PROJECT)).filter(
            (s) => s.trace_id === run.trace_id && attr(s, "sentry.op") === "mams.agent_turn",
          ).length,
        { timeout: 20_000 },
      )
      .toBeGreaterThan(3);
    const ops = spansOf(await fetchEnvelopes(BACKEND_PROJECT))
      .filter((s) => s.trace_id === run.trace_id)
      .map((s) => String(attr(s, "sentry.op")));
    expect(ops.filter((op) => op.startsWith("gen_ai"))).toEqual([]);
  });

  test("browser and server errors resolve to the original lines", async ({ page, request }) => {
    await page.goto(`http://127.0.0.1:${PORT}/debug`);
    await page.getByTestId("throw-client-error").click();
    const browser = await resolveTopFrame(
      await waitForErrorMatching(FRONTEND_PROJECT, /MAMS debug: client error/),
      /\/_next\/static\/.+\.js$/,
    );
    expect(browser.source).toMatch(/components\/debug\/debug-triggers\.tsx$/);
    expect(browser.line).toBe(
      lineOf("components/debug/debug-triggers.tsx", 'throw new Error("MAMS debug: client error")'),
    );

    await request.get(`http://127.0.0.1:${PORT}/api/debug/route-error`);
    const server = await resolveTopFrame(
      await waitForErrorMatching(BACKEND_PROJECT, /MAMS debug: route handler error/),
      /\.js$/,
    );
    expect(server.source).toMatch(/app\/api\/debug\/\[kind\]\/route\.ts$/);
    expect(server.line).toBe(
      lineOf("app/api/debug/[kind]/route.ts", 'throw new Error("MAMS debug: route handler error")'),
    );
  });
});

test("without an auth token the build succeeds, says once that upload was skipped, publishes no maps and no server secret", async ({
  page,
}) => {
  const DIST = VARIANT_BUILDS.notoken.overrides.MAMS_DIST_DIR;
  // Built with a canary for every server-only value it can see; also the errors-only browser build
  // (frontend traces rate 0), reused below rather than built once more.
  const build = await variantBuild("notoken");
  expect(build.code, build.output.slice(-2000)).toBe(0);
  expect(build.output.match(/source map upload skipped/g)).toHaveLength(1);
  // Variant builds compile only: the main build has type-checked the same sources.
  expect(build.output).toContain("Skipping validation of types");
  expect(filesUnder(`${DIST}/static`, ".map")).toEqual([]);
  const chunks = publicChunks(DIST);
  for (const chunk of chunks) expect(chunk.content).not.toMatch(/sourceMappingURL=/);
  const text = chunks.map((c) => c.content).join("\n");
  // The secret parts of the canaries in BUILD_SECRETS (support/variant-builds.ts).
  for (const value of [
    "canarybackendkey0042",
    "canary-db-password-77",
    "sk-canary-llm-key-0123456789abcdef",
  ])
    expect(text).not.toContain(value);

  // Errors only in the browser (rate 0): no browser span is sent, yet the browser error and the server
  // error of one click share a trace id (tracing without performance keeps propagation).
  const server = await startServer(
    { MAMS_DIST_DIR: DIST, MAMS_DATA_DIR: "tmp/e2e-data-notoken" },
    3107,
  );
  try {
    await resetReceiver();
    await page.goto("http://127.0.0.1:3107/debug");
    await expect(page.locator("html")).toHaveAttribute("data-sentry-tracing", "ready", {
      timeout: 15_000,
    });
    await page.getByTestId("call-route-then-throw").click();
    const browserError = await waitForErrorMatching(
      FRONTEND_PROJECT,
      /MAMS debug: client error after HTTP 500/,
    );
    const serverError = await waitForErrorMatching(
      BACKEND_PROJECT,
      /MAMS debug: route handler error/,
    );
    const traceOf = (event: { contexts?: Record<string, Record<string, unknown>> }) =>
      event.contexts?.trace?.trace_id;
    expect(traceOf(browserError)).toMatch(/^[0-9a-f]{32}$/);
    expect(traceOf(serverError)).toBe(traceOf(browserError));
    expect(spansOf(await fetchEnvelopes(FRONTEND_PROJECT))).toEqual([]);
  } finally {
    server.kill("SIGTERM");
  }
});

test("in CI an upload failure (a token Sentry refuses) fails the build with a clear message", async () => {
  const build = await variantBuild("failing");
  expect(build.code, build.output.slice(-3000)).not.toBe(0);
  expect(build.output).toContain("[sentry] Source map upload or release creation failed");
  expect(build.output).toContain("SENTRY_UPLOAD_FAIL_BUILD=false");
});

/** Issue 18: the loader pattern keeps Sentry's share of the first load to a few KB, whatever the budget file says. */
const FIRST_LOAD_SHARE_CEILING = 5 * 1024;

test("the Sentry share of first-load JS stays within 10% of the recorded budget and at most 5 KB", async () => {
  test.setTimeout(300_000);
  const budget = JSON.parse(readFileSync("docs/bundle-budget.json", "utf8")) as {
    route: string;
    sentryShareGzipBytes: number;
  };
  const build = await variantBuild("nosentry");
  expect(build.code, build.output.slice(-2000)).toBe(0);
  const server = await startServer(
    {
      MAMS_DIST_DIR: ".next-e2e-nosentry",
      MAMS_DATA_DIR: "tmp/e2e-data-nosentry",
      MAMS_BUILD_WITHOUT_SENTRY: "true",
    },
    3103,
  );
  try {
    const withSentry = await firstLoadJs(APP_URL, budget.route);
    const without = await firstLoadJs("http://127.0.0.1:3103", budget.route);
    const share = withSentry.gzipBytes - without.gzipBytes;
    console.log(
      `Sentry share of first-load JS on ${budget.route}: ${(share / 1024).toFixed(1)} KB gzip (${share} bytes) (budget ${(budget.sentryShareGzipBytes / 1024).toFixed(1)} KB + 10%)`,
    );
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(budget.sentryShareGzipBytes * 1.1);
    expect(share).toBeLessThanOrEqual(FIRST_LOAD_SHARE_CEILING);
  } finally {
    server.kill("SIGTERM");
  }
});

test("with no DSN at all no SDK starts: the app works, nothing reaches Sentry, no Report a problem", async ({
  page,
}) => {
  test.setTimeout(600_000); // a whole build on two shared cores
  // The README's quick start: no account, no DSN. Both DSNs empty at build (browser) and at start (server).
  const build = await variantBuild("nodsn");
  expect(build.code, build.output.slice(-2000)).toBe(0);
  const server = await startServer(
    {
      MAMS_DIST_DIR: ".next-e2e-nodsn",
      MAMS_DATA_DIR: "tmp/e2e-data-nodsn",
      SENTRY_DSN_BACKEND: "",
      SENTRY_DSN_FRONTEND: "",
    },
    3105,
  );
  try {
    await resetReceiver();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto("http://127.0.0.1:3105/debug");
    await page.getByTestId("throw-client-error").click();
    await expect.poll(() => pageErrors).toContain("MAMS debug: client error");
    expect((await page.request.get("http://127.0.0.1:3105/api/debug/route-error")).status()).toBe(
      500,
    );
    await expect(page.getByTestId("report-problem")).toHaveCount(0);
    // Long enough for the idle-time tracing load and a flush, had anything been started.
    await page.waitForTimeout(3000);
    expect(await page.locator("html").getAttribute("data-sentry-tracing")).toBeNull();
    const sent = JSON.stringify(await fetchEnvelopes());
    expect(sent).not.toContain("MAMS debug: client error");
    expect(sent).not.toContain("MAMS debug: route handler error");
  } finally {
    server.kill("SIGTERM");
  }
});
