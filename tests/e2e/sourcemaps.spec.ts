import { expect, test } from "@playwright/test";
import { resolveRelease } from "../../lib/config/release.mjs";
import {
  APP_URL,
  BACKEND_PROJECT,
  E2E_DIST_DIR,
  E2E_ENVIRONMENT,
  FRONTEND_PROJECT,
} from "./support/e2e-config";
import { resetReceiver, waitForErrorMatching } from "./support/receiver-client";
import { filesUnder, lineOf, publicChunks, resolveTopFrame, stubState } from "./support/sourcemaps";

const release = resolveRelease("auto");

test.beforeEach(async () => {
  await resetReceiver();
});

test("the build created the release and uploaded a map for every client chunk, and serves none", async ({
  request,
}) => {
  const state = await stubState();
  const created = state.releases.find((r) => r.version === release);
  expect(created?.projects.sort()).toEqual(["mams-backend", "mams-frontend"]);
  expect(created?.dateReleased).toBeTruthy();
  expect(created?.deploys.map((d) => d.environment)).toContain(E2E_ENVIRONMENT);
  expect(state.unknown).toEqual([]);

  const uploaded = new Set(
    state.bundles.flatMap((b) =>
      b.files.filter((f) => f.type === "source_map").map((f) => f.debugId?.toLowerCase()),
    ),
  );
  const chunks = publicChunks(E2E_DIST_DIR);
  const withIds = chunks.filter((c) => c.debugId);
  expect(withIds.length).toBeGreaterThan(5);
  for (const chunk of withIds) expect(uploaded, `map for ${chunk.url}`).toContain(chunk.debugId);

  expect(filesUnder(`${E2E_DIST_DIR}/static`, ".map")).toEqual([]);
  for (const chunk of chunks) {
    expect(chunk.content).not.toMatch(/sourceMappingURL=/);
    expect((await request.get(`${APP_URL}${chunk.url}.map`)).status()).toBe(404);
  }
});

test("a browser error resolves through the uploaded map to the line of the throw in the .tsx source", async ({
  page,
}) => {
  await page.goto("/debug");
  await page.getByTestId("throw-client-error").click();
  const event = await waitForErrorMatching(FRONTEND_PROJECT, /MAMS debug: client error/);
  expect(event.release).toBe(release);
  const top = await resolveTopFrame(event, /\/_next\/static\/.+\.js$/);
  expect(top.source).toMatch(/components\/debug\/debug-triggers\.tsx$/);
  expect(top.line).toBe(
    lineOf("components/debug/debug-triggers.tsx", 'throw new Error("MAMS debug: client error")'),
  );
  expect(top.sourceContent).toContain('throw new Error("MAMS debug: client error")');
});

test("a route handler error resolves through the uploaded map to the line of the throw in the .ts source", async ({
  request,
}) => {
  await request.get("/api/debug/route-error");
  const event = await waitForErrorMatching(BACKEND_PROJECT, /MAMS debug: route handler error/);
  const top = await resolveTopFrame(event, /\.js$/);
  expect(top.source).toMatch(/app\/api\/debug\/\[kind\]\/route\.ts$/);
  expect(top.line).toBe(
    lineOf("app/api/debug/[kind]/route.ts", 'throw new Error("MAMS debug: route handler error")'),
  );
});
