import type { ChildProcess } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { startServer } from "./support/build-runner";
import { APP_URL } from "./support/e2e-config";
import { ConfigurePage, DashboardPage, RoomPage, browserTracingReady } from "./pages/mams-pages";

test.describe.configure({ timeout: 180_000 });

/** Every CSP violation the page reports, and console lines about one. */
async function watchCsp(page: Page) {
  const consoleLines: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|connect)/i.test(message.text()))
      consoleLines.push(message.text());
  });
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener("securitypolicyviolation", (event) =>
      (window as unknown as { __csp: string[] }).__csp.push(
        `${event.violatedDirective} ${event.blockedURI}`,
      ),
    );
  });
  return async () => [
    ...consoleLines,
    ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
  ];
}

test("the app, the tunnel and lazy tracing work under a nonce CSP without 'unsafe-inline' scripts, with no violation", async ({
  page,
}) => {
  const violations = await watchCsp(page);
  const tunnel: number[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname === "/monitoring") tunnel.push(response.status());
  });
  const first = await page.goto("/");
  const csp = first!.headers()["content-security-policy"]!;
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(scriptSrc).not.toContain("unsafe-eval");
  await browserTracingReady(page);

  // A full negotiation: form, dashboard, room with its live stream.
  const configure = new ConfigurePage(page);
  await configure.open();
  await configure.useSampleData();
  await configure.create();
  const dashboard = new DashboardPage(page);
  await dashboard.expectLoaded();
  await dashboard.openRoom(0);
  const room = new RoomPage(page);
  await room.start();
  await room.waitForStatus("completed", 60_000);
  await expect
    .poll(() => tunnel.filter((status) => status < 300).length, { timeout: 20_000 })
    .toBeGreaterThan(0);
  expect(await violations()).toEqual([]);

  // A second page load gets a different nonce.
  const again = await page.goto("/");
  expect(again!.headers()["content-security-policy"]).not.toBe(csp);
});

test("hardening headers: COOP, Permissions-Policy, HSTS only over https", async ({ request }) => {
  const plain = await request.get("/");
  expect(plain.headers()["cross-origin-opener-policy"]).toBe("same-origin");
  expect(plain.headers()["permissions-policy"]).toContain("camera=()");
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  const https = await request.get("/", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
});

test("cross-site and non-JSON writes are refused, unknown Host names too; health and tunnel still answer", async ({
  request,
}) => {
  const config = { buyer: { name: "B", items: [] } };
  const crossSite = await request.post("/api/episodes", {
    data: JSON.stringify(config),
    headers: { "content-type": "text/plain", origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  const fetchSite = await request.post("/api/episodes", {
    data: config,
    headers: { "sec-fetch-site": "cross-site" },
  });
  expect(fetchSite.status()).toBe(403);
  const textPlain = await request.post("/api/episodes", {
    data: JSON.stringify(config),
    headers: { "content-type": "text/plain" },
  });
  expect(textPlain.status()).toBe(415);
  expect((await textPlain.json()).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  const rebound = await request.get("/api/episodes", {
    headers: { host: "attacker.example:3100" },
  });
  expect(rebound.status()).toBe(403);
  expect((await request.get("/api/health")).status()).toBe(200);
  expect(
    (
      await request.post("/monitoring", {
        data: "not an envelope",
        headers: { "content-type": "text/plain" },
      })
    ).status(),
  ).toBe(400);
});

test.describe("a production build made with MAMS_ENABLE_TEST_ROUTES=true, started without it", () => {
  const PORT = 3107;
  let server: ChildProcess | undefined;
  test.beforeAll(async () => {
    server = await startServer(
      { MAMS_ENABLE_TEST_ROUTES: undefined, MAMS_DATA_DIR: "tmp/e2e-data-no-debug" },
      PORT,
    );
  });
  test.afterAll(() => void server?.kill("SIGTERM"));

  test("answers 404 on every debug route, Node and edge (the e2e app, started with it, does not)", async ({
    request,
  }) => {
    const routes = ["/debug", "/debug/server-error", "/api/debug/route-error", "/api/debug-edge"];
    for (const route of routes)
      expect((await request.get(`http://127.0.0.1:${PORT}${route}`)).status(), route).toBe(404);
    expect((await request.get(`${APP_URL}/debug`)).status()).toBe(200);
    expect((await request.get(`${APP_URL}/api/debug-edge`)).status()).toBe(500);
  });
});

test.describe("with MAMS_ACCESS_TOKEN", () => {
  const PORT = 3108;
  const TOKEN = "e2e-access-token-0123456789abcdef";
  const origin = `http://127.0.0.1:${PORT}`;
  let server: ChildProcess | undefined;
  test.beforeAll(async () => {
    server = await startServer(
      { MAMS_ACCESS_TOKEN: TOKEN, MAMS_DATA_DIR: "tmp/e2e-data-token" },
      PORT,
    );
  });
  test.afterAll(() => void server?.kill("SIGTERM"));

  test("the API wants the token; the health check does not", async ({ request }) => {
    expect((await request.get(`${origin}/api/health`)).status()).toBe(200);
    const anonymous = await request.get(`${origin}/api/episodes`);
    expect(anonymous.status()).toBe(401);
    expect((await anonymous.json()).error.code).toBe("UNAUTHORIZED");
    expect(
      (
        await request.get(`${origin}/api/episodes`, {
          headers: { authorization: "Bearer wrong-token-wrong-token-00" },
        })
      ).status(),
    ).toBe(401);
    expect(
      (
        await request.get(`${origin}/api/episodes`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).status(),
    ).toBe(200);
    expect(
      (await request.post(`${origin}/api/session`, { data: { token: "nope" } })).status(),
    ).toBe(401);
  });

  test("a browser is sent to the sign-in page, gets an HttpOnly SameSite=Strict cookie, and then uses the app", async ({
    page,
    context,
  }) => {
    await page.goto(`${origin}/`);
    await expect(page).toHaveURL(/\/signin\?next=%2F$/);
    await page.getByTestId("access-token").fill(TOKEN);
    await page.getByTestId("signin-submit").click();
    await expect(page.getByTestId("new-episode")).toBeVisible();
    const [cookie] = (await context.cookies(origin)).filter((c) => c.name === "mams_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect(cookie!.value).not.toContain(TOKEN);
    // The browser's own fetches and the live stream go with the cookie.
    await page.getByTestId("new-episode").click();
    await page.getByTestId("use-sample").click();
    await page.getByTestId("create-episode").click();
    await new DashboardPage(page).expectLoaded();
    await new DashboardPage(page).openRoom(0);
    await new RoomPage(page).start();
    await new RoomPage(page).waitForStatus("completed", 60_000);
  });
});
