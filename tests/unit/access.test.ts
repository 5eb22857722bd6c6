import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as signIn } from "@/app/api/session/route";
import { bindDecision } from "@/scripts/bind-decision.mjs";
import { SESSION_COOKIE, sessionValue } from "@/lib/security/access";
import { createGuard, type GuardSettings } from "@/lib/security/guard";
import { DEFAULT_ALLOWED_HOSTS } from "@/lib/security/settings";

const TOKEN = "a-long-operator-token-0123456789";
const settings = (overrides: Partial<GuardSettings> = {}): GuardSettings => ({
  allowedHosts: DEFAULT_ALLOWED_HOSTS,
  writesPerMinute: 1000,
  development: false,
  spotlight: false,
  ...overrides,
});

const request = (
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) =>
  new NextRequest(`http://127.0.0.1:3000${path}`, {
    method: init.method ?? "GET",
    body: init.body,
    headers: { host: "127.0.0.1:3000", ...init.headers },
  });
const passed = (response: Response) => response.headers.get("x-middleware-next") === "1";
const json = { "content-type": "application/json" };

describe("the guard in front of every request (proxy.ts)", () => {
  it("refuses a cross-site write (the text/plain POST with a foreign Origin) and any non-JSON write", async () => {
    const guard = createGuard(() => settings());
    const crossSite = await guard(
      request("/api/episodes", {
        method: "POST",
        body: "{}",
        headers: { "content-type": "text/plain", origin: "https://evil.example" },
      }),
    );
    expect(crossSite.status).toBe(403);
    const crossSiteJson = await guard(
      request("/api/episodes", {
        method: "POST",
        body: "{}",
        headers: { ...json, "sec-fetch-site": "cross-site" },
      }),
    );
    expect(crossSiteJson.status).toBe(403);
    const textPlain = await guard(
      request("/api/episodes", {
        method: "POST",
        body: "{}",
        headers: { "content-type": "text/plain", origin: "http://127.0.0.1:3000" },
      }),
    );
    expect(textPlain.status).toBe(415);
    const sameOrigin = await guard(
      request("/api/episodes", {
        method: "POST",
        body: "{}",
        headers: { ...json, origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" },
      }),
    );
    expect(passed(sameOrigin)).toBe(true);
    // The tunnel takes the SDK's text/plain envelopes, from this origin only.
    expect(
      passed(
        await guard(
          request("/monitoring", {
            method: "POST",
            body: "x",
            headers: { "content-type": "text/plain", "sec-fetch-site": "same-origin" },
          }),
        ),
      ),
    ).toBe(true);
    expect(
      (
        await guard(
          request("/monitoring", {
            method: "POST",
            body: "x",
            headers: { "content-type": "text/plain", "sec-fetch-site": "cross-site" },
          }),
        )
      ).status,
    ).toBe(403);
  });

  it("answers only to the allowed host names (DNS rebinding sends another Host)", async () => {
    const guard = createGuard(() => settings());
    expect(
      (await guard(request("/api/episodes", { headers: { host: "rebind.attacker.example:3000" } })))
        .status,
    ).toBe(403);
    expect(
      passed(await guard(request("/api/episodes", { headers: { host: "localhost:3000" } }))),
    ).toBe(true);
    const custom = createGuard(() => settings({ allowedHosts: ["mams.example.com"] }));
    expect(passed(await custom(request("/", { headers: { host: "mams.example.com" } })))).toBe(
      true,
    );
    expect((await custom(request("/", { headers: { host: "127.0.0.1:3000" } }))).status).toBe(403);
  });

  it("with an access token: 401 for the API, the sign-in page for pages, Bearer or the session cookie let through; health stays open", async () => {
    const guard = createGuard(() => settings({ accessToken: TOKEN }));
    const api = await guard(request("/api/episodes"));
    expect(api.status).toBe(401);
    expect((await api.json()).error.code).toBe("UNAUTHORIZED");
    const page = await guard(request("/episodes/abc"));
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(
      "http://127.0.0.1:3000/signin?next=%2Fepisodes%2Fabc",
    );
    expect(
      (await guard(request("/api/episodes", { method: "POST", body: "{}", headers: json }))).status,
    ).toBe(401);
    expect(
      (
        await guard(
          request("/api/episodes", { headers: { authorization: "Bearer not-the-token" } }),
        )
      ).status,
    ).toBe(401);
    expect(
      passed(
        await guard(request("/api/episodes", { headers: { authorization: `Bearer ${TOKEN}` } })),
      ),
    ).toBe(true);
    expect(
      passed(
        await guard(
          request("/", { headers: { cookie: `${SESSION_COOKIE}=${sessionValue(TOKEN)}` } }),
        ),
      ),
    ).toBe(true);
    expect(passed(await guard(request("/api/health")))).toBe(true);
    expect(passed(await guard(request("/signin")))).toBe(true);
  });

  it("counts writes per client and answers 429 with Retry-After past the limit", async () => {
    const guard = createGuard(() => settings({ writesPerMinute: 3 }));
    const write = (ip: string) =>
      guard(
        request("/api/rooms/x/messages", {
          method: "POST",
          body: "{}",
          headers: { ...json, "x-forwarded-for": ip },
        }),
      );
    for (let i = 0; i < 3; i++) expect(passed(await write("10.0.0.1"))).toBe(true);
    const limited = await write("10.0.0.1");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("RATE_LIMITED");
    expect(passed(await write("10.0.0.2"))).toBe(true);
    expect(
      passed(await guard(request("/api/episodes", { headers: { "x-forwarded-for": "10.0.0.1" } }))),
    ).toBe(true);
  });

  it("sets a fresh nonce CSP without 'unsafe-inline' scripts, HSTS only over https", async () => {
    const guard = createGuard(() => settings());
    const first = await guard(request("/"));
    const second = await guard(request("/"));
    const csp = first.headers.get("content-security-policy")!;
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{24}' 'strict-dynamic'$/);
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
    // Next.js reads the nonce from the forwarded request header.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("strict-transport-security")).toBeNull();
    expect(
      (await guard(request("/", { headers: { "x-forwarded-proto": "https" } }))).headers.get(
        "strict-transport-security",
      ),
    ).toMatch(/^max-age=63072000/);
  });
});

describe("debug routes", () => {
  it("answer 404 on pages, Node and edge routes unless test routes are on when the server runs", async () => {
    const off = createGuard(() => settings());
    for (const path of [
      "/debug",
      "/debug/server-error",
      "/api/debug/route-error",
      "/api/debug-edge",
    ]) {
      const response = await off(request(path));
      expect(response.status, path).toBe(404);
    }
    expect(passed(await off(request("/debugger-notes")))).toBe(true);
    const on = createGuard(() => settings({ testRoutes: true }));
    expect(passed(await on(request("/api/debug-edge")))).toBe(true);
  });
});

describe("signing in", () => {
  it("is off (404) on a server without MAMS_ACCESS_TOKEN; the cookie itself is checked in tests/e2e/security.spec.ts", async () => {
    // The route reads MAMS_ACCESS_TOKEN from the env module: without one, sign-in is off.
    const off = await signIn(
      new Request("http://127.0.0.1/api/session", {
        method: "POST",
        body: JSON.stringify({ token: TOKEN }),
        headers: json,
      }),
      {} as never,
    );
    expect(off.status).toBe(404);
  });
});

describe("npm start / npm run dev binding", () => {
  it("binds to loopback without a token, refuses a public bind, passes the host through with a token", () => {
    expect(bindDecision(["-p", "3000"], false)).toMatchObject({
      ok: true,
      args: ["-p", "3000", "-H", "127.0.0.1"],
      message: expect.stringMatching(/loopback only/),
    });
    expect(bindDecision(["-H", "0.0.0.0"], false)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/MAMS_ACCESS_TOKEN/),
    });
    expect(bindDecision(["-H", "0.0.0.0"], true)).toMatchObject({
      ok: true,
      args: ["-H", "0.0.0.0"],
    });
  });
});
