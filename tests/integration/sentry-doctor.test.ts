import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildEnv } from "@/lib/config/env-schema.mjs";
import { runDoctor } from "@/lib/sentry-ops/doctor/run-doctor";
import { createSentryApiStub } from "../shared/sentry-api-stub";
import { createSentryReceiver } from "../shared/sentry-receiver";

const TOKEN = "sntrys_doctor_test_token_0123456789abcdef";
const RELEASE = "mams@doctor-test-1";
const DEBUG_ID = "0b5e3a6c-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

type App = {
  url: string;
  requests: Array<{ path: string; body: string }>;
  close: () => Promise<void>;
};

/** Stands in for a running MAMS instance: /api/health and the /monitoring tunnel. */
async function startApp(
  options: { runtimes?: string[]; dateOffsetMs?: number } = {},
): Promise<App> {
  const requests: App["requests"] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", body: Buffer.concat(parts).toString("utf8") });
      res.setHeader("date", new Date(Date.now() + (options.dateOffsetMs ?? 0)).toUTCString());
      if (req.url === "/api/health")
        return void res
          .writeHead(200, { "content-type": "application/json" })
          .end(
            JSON.stringify({ status: "ok", sentry: { runtimes: options.runtimes ?? ["nodejs"] } }),
          );
      if (req.url === "/monitoring" && req.method === "POST")
        return void res.writeHead(200).end("{}");
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let dist: string;
let cleanup: Array<() => Promise<void> | void> = [];
beforeEach(() => {
  dist = mkdtempSync(path.join(tmpdir(), "mams-doctor-"));
  mkdirSync(path.join(dist, "static", "chunks"), { recursive: true });
  writeFileSync(
    path.join(dist, "static", "chunks", "main.js"),
    `var r={id:"${RELEASE}"};console.log(r);\n//# debugId=${DEBUG_ID}\n`,
  );
  cleanup = [() => rmSync(dist, { recursive: true, force: true })];
});
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function world(options: { knownRelease?: boolean; knownDebugId?: boolean } = {}) {
  const receiver = createSentryReceiver();
  const receiverPort = await receiver.listen(0);
  const stub = createSentryApiStub({ token: TOKEN, org: "mams-doc" });
  const apiUrl = await stub.listen(0);
  cleanup.push(
    () => receiver.close(),
    () => stub.close(),
  );
  if (options.knownRelease !== false)
    stub.releases.set(RELEASE, { version: RELEASE, projects: ["mams-frontend"], deploys: [] });
  if (options.knownDebugId !== false) {
    stub.bundles.push({
      checksum: "abc",
      projects: ["mams-frontend"],
      files: [
        {
          url: "~/_next/static/chunks/main.js",
          type: "minified_source",
          debugId: DEBUG_ID,
          content: Buffer.from(""),
        },
      ],
    });
  }
  const env = {
    SENTRY_ENV: "production",
    SENTRY_DSN_BACKEND: `http://doctorbackendkey@127.0.0.1:${receiverPort}/1`,
    SENTRY_DSN_FRONTEND: `http://doctorfrontendkey@127.0.0.1:${receiverPort}/2`,
    SENTRY_AUTH_TOKEN: TOKEN,
    SENTRY_ORG: "mams-doc",
    SENTRY_PROJECT_FRONTEND: "mams-frontend",
    SENTRY_PROJECT_BACKEND: "mams-backend",
    SENTRY_URL: apiUrl,
  };
  return { receiver, stub, env };
}

async function doctor(env: Record<string, string>, url?: string) {
  const lines: string[] = [];
  const code = await runDoctor({
    env: buildEnv(env),
    release: RELEASE,
    distDir: dist,
    url,
    print: (line) => lines.push(line),
  });
  return { code, lines, text: lines.join("\n") };
}

describe("npm run sentry:doctor", () => {
  it("passes every check against a healthy setup and sends a real envelope to each DSN and through the tunnel", async () => {
    const { receiver, env } = await world();
    const app = await startApp();
    cleanup.push(() => app.close());
    const result = await doctor(env, app.url);
    expect(result.lines.filter((line) => /^(WARN|FAIL)/.test(line))).toEqual([]);
    expect(result.code).toBe(0);
    for (const name of [
      "dsn.projects",
      "public.secrets",
      "public.sourcemaps",
      "release.build",
      "release.sentry",
      "sourcemaps.debug-id",
      "egress.backend",
      "egress.frontend",
      "egress.tunnel",
      "instance",
      "instance.sentry",
      "instance.clock",
    ]) {
      expect(result.text).toMatch(new RegExp(`^PASS  ${name.replace(".", "\\.")}:`, "m"));
    }
    expect(result.text).toMatch(
      /egress\.backend: POST 127\.0\.0\.1:\d+\/api\/1\/envelope\/ → HTTP 200/,
    );
    expect(receiver.envelopes.map((e) => [e.project, e.items[0]!.header.type])).toEqual([
      ["1", "client_report"],
      ["2", "client_report"],
    ]);
    const tunnelled = app.requests.find((request) => request.path === "/monitoring")!;
    expect(JSON.parse(tunnelled.body.split("\n")[0]!).dsn).toBe(env.SENTRY_DSN_FRONTEND);
  });

  it("fails with the fix when the setup is wrong: shared project, leaked key, public maps, unknown release and debug id, no traces", async () => {
    const { env } = await world({ knownRelease: false, knownDebugId: false });
    writeFileSync(
      path.join(dist, "static", "chunks", "leak.js"),
      `fetch("x",{headers:{k:"doctorbackendkey"}})`,
    );
    writeFileSync(path.join(dist, "static", "chunks", "main.js.map"), "{}");
    const result = await doctor({
      ...env,
      SENTRY_DSN_FRONTEND: env.SENTRY_DSN_BACKEND.replace("doctorbackendkey", "otherkey"),
      SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0",
    });
    expect(result.code).toBe(1);
    expect(result.text).toContain("FAIL  dsn.projects: both DSNs point at project 1");
    expect(result.text).toMatch(
      /FAIL {2}public\.secrets: found the backend DSN key in static\/chunks\/leak\.js/,
    );
    expect(result.text).toContain(
      "FAIL  public.sourcemaps: 1 .map files are served, e.g. static/chunks/main.js.map",
    );
    expect(result.text).toContain(`FAIL  release.sentry: Sentry does not know release ${RELEASE}`);
    expect(result.text).toContain(
      `FAIL  sourcemaps.debug-id: Sentry has no artifact bundle with debug id ${DEBUG_ID}`,
    );
    expect(result.text).toContain(
      "WARN  sampling.backend: SENTRY_TRACES_SAMPLE_RATE_BACKEND resolves to 0: no traces will be sent",
    );
    expect(
      result.lines.filter((line) => line.startsWith("      fix: ")).length,
    ).toBeGreaterThanOrEqual(6);
  });

  it("offline: every network check FAILs with a clear reason and the exit code is non-zero", async () => {
    const port = await closedPort();
    const result = await doctor(
      {
        SENTRY_ENV: "production",
        SENTRY_DSN_BACKEND: `http://k1@127.0.0.1:${port}/1`,
        SENTRY_DSN_FRONTEND: `http://k2@127.0.0.1:${port}/2`,
        SENTRY_AUTH_TOKEN: TOKEN,
        SENTRY_ORG: "mams-doc",
        SENTRY_PROJECT_FRONTEND: "mams-frontend",
        SENTRY_URL: `http://127.0.0.1:${port}`,
      },
      `http://127.0.0.1:${port}`,
    );
    expect(result.code).toBe(1);
    for (const name of [
      "egress.backend",
      "egress.frontend",
      "release.sentry",
      "sourcemaps.debug-id",
      "instance",
      "egress.tunnel",
    ]) {
      expect(result.text).toMatch(
        new RegExp(`^FAIL  ${name.replace(".", "\\.")}: .*connection refused`, "m"),
      );
    }
  });

  it("reports a rate-limited DSN with Sentry's rate-limit headers", async () => {
    const limited = http.createServer((req, res) => {
      req.resume();
      req.on("end", () =>
        res
          .writeHead(429, {
            "x-sentry-rate-limits": "60:error;transaction:organization",
            "retry-after": "60",
          })
          .end(),
      );
    });
    await new Promise<void>((resolve) => limited.listen(0, "127.0.0.1", resolve));
    cleanup.push(() => new Promise<void>((resolve) => limited.close(() => resolve())));
    const { port } = limited.address() as { port: number };
    const result = await doctor({
      SENTRY_ENV: "production",
      SENTRY_DSN_BACKEND: `http://limitedkey@127.0.0.1:${port}/7`,
    });
    expect(result.text).toMatch(
      /WARN {2}egress\.backend: POST 127\.0\.0\.1:\d+\/api\/7\/envelope\/ → HTTP 429 \(x-sentry-rate-limits: 60:error;transaction:organization, retry-after: 60\)/,
    );
    expect(result.text).toContain(`PASS  release: events carry release ${RELEASE}`);
  });

  it("flags a running instance without Sentry and a clock ten minutes off", async () => {
    const { env } = await world();
    const app = await startApp({ runtimes: [], dateOffsetMs: 10 * 60_000 });
    cleanup.push(() => app.close());
    const result = await doctor(env, app.url);
    expect(result.text).toContain("WARN  instance.sentry: the instance runs without Sentry");
    expect(result.text).toMatch(
      /FAIL {2}instance\.clock: the instance's clock is (599|600|601) s from Sentry's/,
    );
    expect(result.code).toBe(1);
  });

  it("checks Spotlight in development", async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const code = await runDoctor({
      env: buildEnv({ SENTRY_ENV: "development" }),
      release: RELEASE,
      distDir: dist,
      spotlightUrl: `http://127.0.0.1:${port}/`,
      print: (line) => lines.push(line),
    });
    expect(lines.join("\n")).toMatch(/FAIL {2}spotlight: .* is not reachable: connection refused/);
    expect(code).toBe(1);
  });
});
