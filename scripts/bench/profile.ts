// `npm run bench:profile`: where the server's CPU goes on one workload, by package, with Sentry on.
// Runs `next start` under --cpu-prof (a build in .next-bench, made by `npm run bench`), loads it,
// and attributes every sample's self time through the server chunks' source maps to the original
// file (so bundled @sentry/* and next code are told apart). PROFILE_CONFIG picks the configuration
// (off, errors, t02, t10; default t10), PROFILE_WORKLOAD write|read|ssr (default write).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { SourceMapConsumer } from "source-map-js";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import { createSentryReceiver } from "../../tests/shared/sentry-receiver";
import { load } from "./load";
import { allConfigurations, pinBenchProcess, pinning, startNext } from "./servers";

const RECEIVER_PORT = 3250;
const PORT = 3251;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DIST = ".next-bench";
const PROFILE_DIR = path.resolve("tmp/profile");

type Node = {
  id: number;
  callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
type Profile = {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};
/** The measured load, in ms before the profile ends (the process exits right after it). */
type Window = { fromEndMs: number; toEndMs: number };

const consumers = new Map<string, SourceMapConsumer | null>();
function consumerFor(file: string): SourceMapConsumer | null {
  if (!consumers.has(file)) {
    const map = `${file}.map`;
    consumers.set(
      file,
      existsSync(map) ? new SourceMapConsumer(JSON.parse(readFileSync(map, "utf8"))) : null,
    );
  }
  return consumers.get(file)!;
}

/** The package (or "app" / "node internals") a profile frame's code came from. */
export function categorise(frame: Node["callFrame"]): string {
  let source = frame.url;
  if (source.startsWith("file://")) source = decodeURIComponent(source.slice(7));
  if (/\/\.next[^/]*\/server\//.test(source) && source.endsWith(".js")) {
    const original = consumerFor(source)?.originalPositionFor({
      line: frame.lineNumber + 1,
      column: frame.columnNumber,
    });
    if (original?.source) source = decodeURIComponent(original.source);
  }
  if (!source) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (source.startsWith("node:")) return "node internals";
  if (source.startsWith("wasm://")) return "@electric-sql/pglite"; // Postgres itself, compiled to WASM
  if (source.startsWith("turbopack:///[turbopack]")) return "next"; // the bundler's module runtime
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg?.[1] === "src") return "drizzle-orm"; // its maps point at node_modules/src/…
  if (pkg) return pkg[1]!;
  if (/\[project\]\/(lib|app|components)\//.test(source) || /\/(lib|app)\/[^/]+/.test(source))
    return "app code";
  return "other";
}

/** Self time per package over the measured window only (start-up and warm-up left out). */
function selfTimes(
  profile: Profile,
  window: Window,
  functions: Map<string, number>,
): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const from = profile.endTime - window.fromEndMs * 1000;
  const to = profile.endTime - window.toEndMs * 1000;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) return;
    const frame = byId.get(id)!.callFrame;
    const key = categorise(frame);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totals.set(key, (totals.get(key) ?? 0) + ms);
    const fn = `${key}: ${frame.functionName || "(anonymous)"}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  });
  return totals;
}

async function main() {
  const configName = process.env.PROFILE_CONFIG ?? "t10";
  const known = allConfigurations(RECEIVER_PORT);
  const config = known.find((c) => c.name === configName);
  if (!config)
    throw new Error(
      `PROFILE_CONFIG must be one of ${known.map((c) => c.name).join(", ")} (got ${configName})`,
    );
  if (!existsSync(`${config.dist ?? DIST}/BUILD_ID`))
    throw new Error(`no build in ${config.dist ?? DIST}: run npm run bench first`);
  const workload = process.env.PROFILE_WORKLOAD ?? "write";
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  mkdirSync(PROFILE_DIR, { recursive: true });
  pinBenchProcess();
  const receiver = createSentryReceiver({ countOnly: true });
  await receiver.listen(RECEIVER_PORT);
  const base = { SENTRY_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  const server = await startNext(DIST, config, PORT, base, [
    "--cpu-prof",
    `--cpu-prof-dir=${PROFILE_DIR}`,
  ]);
  const origin = `http://127.0.0.1:${PORT}`;
  const created = await (
    await fetch(`${origin}/api/episodes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(sampleEpisodeConfig),
    })
  ).json();
  const request =
    workload === "read"
      ? { path: "/api/episodes" }
      : workload === "ssr"
        ? { path: `/episodes/${created.episode.id}/rooms/${created.episode.rooms[0].id}` }
        : {
            path: "/api/episodes",
            method: "POST" as const,
            body: JSON.stringify(sampleEpisodeConfig),
          };
  await load(origin, request, 8, 2); // warm-up, not profiled separately
  const result = await load(origin, request, 8, SECONDS);
  const loadEnded = performance.now();
  await new Promise<void>((resolve) => {
    server.once("exit", () => resolve());
    server.kill("SIGINT");
  });
  const shutdownMs = performance.now() - loadEnded;
  const window = { fromEndMs: shutdownMs + result.seconds * 1000, toEndMs: shutdownMs };
  await receiver.close();

  const files = readdirSync(PROFILE_DIR).filter((f) => f.endsWith(".cpuprofile"));
  const totals = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const file of files)
    for (const [key, ms] of selfTimes(
      JSON.parse(readFileSync(path.join(PROFILE_DIR, file), "utf8")),
      window,
      functions,
    ))
      totals.set(key, (totals.get(key) ?? 0) + ms);
  const busy = [...totals]
    .filter(([k]) => k !== "(idle)" && k !== "(program)")
    .reduce((s, [, v]) => s + v, 0);
  console.log(
    `${workload} under "${config.label}"${pinning ? ` (server pinned to CPU ${pinning.server})` : ""}: ${result.rps.toFixed(0)} req/s, ${result.requests} requests; ${(busy / Math.max(result.requests, 1)).toFixed(2)} ms of CPU per request`,
  );
  console.log("self time by package (share of CPU time, excluding idle):");
  for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 18)) {
    const share =
      key === "(idle)" || key === "(program)"
        ? ""
        : `${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
    console.log(
      `  ${share.padStart(6)}  ${(ms / Math.max(result.requests, 1)).toFixed(3).padStart(7)} ms/request  ${key}`,
    );
  }
  const only = process.env.PROFILE_FUNCTIONS; // e.g. "@sentry" lists the top functions of those packages
  if (only) {
    console.log(`top functions matching "${only}":`);
    const top = [...functions]
      .filter(([fn]) => fn.includes(only))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15);
    for (const [fn, ms] of top)
      console.log(
        `  ${(ms / Math.max(result.requests, 1)).toFixed(3).padStart(7)} ms/request  ${fn}`,
      );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
