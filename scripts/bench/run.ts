// `npm run bench`: what Sentry costs MAMS, measured side by side (plan section 7). Prints tables
// and writes docs/performance.md. BENCH_SECONDS, BENCH_REPEATS, BENCH_CONNECTIONS, BENCH_VIEWERS tune it.
import type { ChildProcess } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import { createSentryReceiver } from "../../tests/support/sentry-receiver";
import { firstLoadJs } from "./bundle";
import { load, type LoadResult } from "./load";
import { negotiationRun } from "./negotiation";
import { configurations, pinBenchProcess, pinning, run, startNext } from "./servers";
import { writeReport, type Row } from "./report";
import { scrubBenchmark } from "./scrub";
import { scaleBenchmark } from "./scale";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 100);
const RECEIVER_PORT = 3240;
const BASE_PORT = 3241;
const base = { SENTRY_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", SENTRY_DSN_FRONTEND: `http://benchfrontendkey@127.0.0.1:${RECEIVER_PORT}/2` };

async function main() {
  console.log("scrubber (npm run bench:scrub), characters per ms of CPU:");
  for (const line of scrubBenchmark()) console.log(line);
  const receiver = createSentryReceiver({ countOnly: true });
  await receiver.listen(RECEIVER_PORT);
  if (!process.argv.includes("--no-build")) {
    console.log("building .next-bench (with Sentry) and .next-bench-nosentry (browser SDK swapped for a no-op)…");
    if ((await run("node_modules/.bin/next", ["build"], { ...base, MAMS_DIST_DIR: ".next-bench" })) !== 0) throw new Error("build failed");
    if ((await run("node_modules/.bin/next", ["build"], { ...base, MAMS_DIST_DIR: ".next-bench-nosentry", MAMS_BUILD_WITHOUT_SENTRY: "true" })) !== 0) throw new Error("build failed");
  }
  // After the builds, which want every core.
  pinBenchProcess();
  if (pinning) console.log(`servers pinned to CPU ${pinning.server}; load generator and receiver to CPU ${pinning.bench}`);
  const configs = configurations(RECEIVER_PORT);
  const servers = new Map<string, { child: ChildProcess; origin: string; roomPath: string }>();
  for (const [i, config] of configs.entries()) {
    const port = BASE_PORT + i;
    const child = await startNext(".next-bench", config, port, base);
    const origin = `http://127.0.0.1:${port}`;
    let roomPath = "/";
    for (let n = 0; n < 20; n++) {
      const { episode } = await (await fetch(`${origin}/api/episodes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(sampleEpisodeConfig) })).json();
      roomPath = `/episodes/${episode.id}/rooms/${episode.rooms[0].id}`;
    }
    await negotiationRun(origin, 10); // warm-up: the first run of a fresh server pays for JIT and lazy modules
    servers.set(config.name, { child, origin, roomPath });
  }
  const body = JSON.stringify(sampleEpisodeConfig);
  const workloads: Array<{ name: string; go: (origin: string, roomPath: string) => Promise<LoadResult> }> = [
    { name: "API read (GET /api/episodes)", go: (o) => load(o, { path: "/api/episodes" }, CONNECTIONS, SECONDS) },
    { name: "API write (POST /api/episodes)", go: (o) => load(o, { path: "/api/episodes", method: "POST", body }, CONNECTIONS, SECONDS) },
    { name: "SSR page (room)", go: (o, room) => load(o, { path: room }, CONNECTIONS, SECONDS) },
  ];
  const only = process.env.BENCH_WORKLOADS?.split(",");
  const selected = only ? workloads.filter((w) => only.some((o) => w.name.toLowerCase().includes(o))) : workloads;
  const rows: Row[] = [];
  for (let repeat = 0; repeat < (process.argv.includes("--bundle-only") ? 0 : REPEATS); repeat++) {
    // Rotate the order every repeat so machine drift does not favour one configuration.
    const order = configs.map((_, i) => configs[(i + repeat) % configs.length]!);
    for (const workload of selected) {
      for (const config of order) {
        const server = servers.get(config.name)!;
        await load(server.origin, { path: "/api/health" }, 2, 0.5); // warm-up
        const result = await workload.go(server.origin, server.roomPath);
        rows.push({ workload: workload.name, config: config.name, repeat, ...result });
        console.log(`${workload.name.padEnd(32)} ${config.name.padEnd(7)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(1)} ms  p95 ${result.p95.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  errors ${result.errors}`);
      }
    }
    for (const config of only && !only.includes("negotiation") ? [] : order) {
      const server = servers.get(config.name)!;
      const result = await negotiationRun(server.origin, VIEWERS);
      rows.push({ workload: `Negotiation 10×10, ${VIEWERS} viewers`, config: config.name, repeat, requests: 1, errors: 0, seconds: result.completionMs / 1000, rps: 1000 / result.completionMs, p50: result.delayP50, p95: result.delayP95, p99: Number.NaN, completionMs: result.completionMs, eventsPerViewer: result.eventsPerViewer });
      console.log(`negotiation ${config.name.padEnd(7)} ${result.completionMs} ms to completion, ${result.eventsPerViewer} events per viewer, delivery p50 ${result.delayP50} ms p95 ${result.delayP95} ms`);
    }
  }
  for (const { child } of servers.values()) child.kill("SIGTERM");

  const bundle: Array<{ path: string; withSentry: number; without: number }> = [];
  const withServer = await startNext(".next-bench", configs[0]!, BASE_PORT + 10, base);
  const withoutServer = await startNext(".next-bench-nosentry", { ...configs[0]!, name: "nosentry" }, BASE_PORT + 11, base);
  for (const path of ["/", "/episodes/new", "/debug"]) {
    const a = await firstLoadJs(`http://127.0.0.1:${BASE_PORT + 10}`, path);
    const b = await firstLoadJs(`http://127.0.0.1:${BASE_PORT + 11}`, path);
    bundle.push({ path, withSentry: a.gzipBytes, without: b.gzipBytes });
    console.log(`first-load JS ${path.padEnd(14)} with Sentry ${(a.gzipBytes / 1024).toFixed(1)} KB, without ${(b.gzipBytes / 1024).toFixed(1)} KB, Sentry share ${((a.gzipBytes - b.gzipBytes) / 1024).toFixed(1)} KB (gzip)`);
  }
  withServer.kill("SIGTERM");
  withoutServer.kill("SIGTERM");
  await receiver.close();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const pinned = pinning && `Each server ran alone on CPU ${pinning.server}; the load generator, the viewers and the Sentry receiver on CPU ${pinning.bench}.`;
  writeReport({ rows, configs, bundle, machine, settings: { SECONDS, REPEATS, CONNECTIONS, VIEWERS }, envelopes: receiver.counts, pinning: pinned });
  console.log("wrote docs/performance.md");
  // Scale-out: N instances on one PostgreSQL (scripts/bench/scale.ts, docs/performance-scale.md).
  if (!process.argv.includes("--no-scale")) await scaleBenchmark();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
