// `npm run bench`: what Sentry costs MAMS, measured side by side. Configurations are
// interleaved: every round runs each workload once per configuration, in a fresh random order, so the
// machine's drift falls on all of them alike; ratios to Sentry-off are paired by round and reported
// with 95% confidence intervals. Prints the tables and writes them into docs/performance.md.
// BENCH_SECONDS (per block), BENCH_ROUNDS, BENCH_CONNECTIONS, BENCH_VIEWERS, BENCH_WORKLOADS,
// BENCH_CONFIGS, BENCH_BASELINE_DIST, BENCH_SEED tune it; --no-build reuses the builds, --no-bundle
// skips the first-load JavaScript part (and its second build), --no-scale the scale-out section
// (scale.ts, written to docs/performance-scale.md).
import type { ChildProcess } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import { createSentryReceiver } from "../../tests/shared/sentry-receiver";
import { firstLoadJs } from "./bundle";
import { load, type LoadResult } from "./load";
import { negotiationRun } from "./negotiation";
import { processTreeCpuMs } from "./process-cpu";
import { configurations, pinBenchProcess, pinning, run, startNext } from "./servers";
import { renderResults, RESULTS_FILE, writeResults, type Row } from "./report";
import { scaleBenchmark } from "./scale";
import { scrubBenchmark } from "./scrub";
import { shuffled } from "./stats";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? process.env.BENCH_REPEATS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 100);
const SEED = Number(process.env.BENCH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RECEIVER_PORT = 3240;
const BASE_PORT = 3241;
const base = {
  SENTRY_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  SENTRY_DSN_FRONTEND: `http://benchfrontendkey@127.0.0.1:${RECEIVER_PORT}/2`,
};
const withBundle = !process.argv.includes("--no-bundle");

type Workload = {
  name: string;
  go: (origin: string, roomPath: string) => Promise<Row | LoadResult>;
};

async function build(distDir: string, extra: Record<string, string> = {}) {
  if (
    (await run("node_modules/.bin/next", ["build"], {
      ...base,
      MAMS_DIST_DIR: distDir,
      ...extra,
    })) !== 0
  )
    throw new Error(`build of ${distDir} failed`);
}

function negotiationRow(
  result: Awaited<ReturnType<typeof negotiationRun>>,
): LoadResult & Partial<Row> {
  return {
    requests: 1,
    errors: 0,
    seconds: result.completionMs / 1000,
    rps: 1000 / result.completionMs,
    p50: result.delayP50,
    p95: result.delayP95,
    p99: Number.NaN,
    completionMs: result.completionMs,
    eventsPerViewer: result.eventsPerViewer,
  };
}

async function main() {
  console.log("scrubber (npm run bench:scrub), characters per ms of CPU:");
  for (const line of scrubBenchmark()) console.log(line);
  const receiver = createSentryReceiver({ countOnly: true });
  await receiver.listen(RECEIVER_PORT);
  if (!process.argv.includes("--no-build")) {
    console.log("building .next-bench (with Sentry)…");
    await build(".next-bench");
    if (withBundle) {
      console.log("building .next-bench-nosentry (browser SDK swapped for a no-op)…");
      await build(".next-bench-nosentry", { MAMS_BUILD_WITHOUT_SENTRY: "true" });
    }
  }
  pinBenchProcess(); // after the builds, which want every core
  if (pinning)
    console.log(
      `servers pinned to CPU ${pinning.server}; load generator and receiver to CPU ${pinning.bench}`,
    );
  const configs = configurations(RECEIVER_PORT);
  const servers = new Map<string, { child: ChildProcess; origin: string; roomPath: string }>();
  for (const [i, config] of configs.entries()) {
    const port = BASE_PORT + i;
    const child = await startNext(".next-bench", config, port, base);
    const origin = `http://127.0.0.1:${port}`;
    let roomPath = "/";
    for (let n = 0; n < 20; n++) {
      const { episode } = await (
        await fetch(`${origin}/api/episodes`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(sampleEpisodeConfig),
        })
      ).json();
      roomPath = `/episodes/${episode.id}/rooms/${episode.rooms[0].id}`;
    }
    await negotiationRun(origin, 10); // warm-up: the first run of a fresh server pays for JIT and lazy modules
    servers.set(config.name, { child, origin, roomPath });
  }
  const body = JSON.stringify(sampleEpisodeConfig);
  const workloads: Workload[] = [
    {
      name: "API read (GET /api/episodes)",
      go: (o) => load(o, { path: "/api/episodes" }, CONNECTIONS, SECONDS),
    },
    {
      name: "API write (POST /api/episodes)",
      go: (o) => load(o, { path: "/api/episodes", method: "POST", body }, CONNECTIONS, SECONDS),
    },
    { name: "SSR page (room)", go: (o, room) => load(o, { path: room }, CONNECTIONS, SECONDS) },
    {
      name: `Negotiation 10×10, ${VIEWERS} viewers`,
      go: async (o) => negotiationRow(await negotiationRun(o, VIEWERS)),
    },
  ];
  const only = process.env.BENCH_WORKLOADS?.split(",").map((s) => s.trim().toLowerCase());
  const selected = only
    ? workloads.filter((w) => only.some((o) => w.name.toLowerCase().includes(o)))
    : workloads;
  console.log(
    `${ROUNDS} rounds × ${selected.length} workloads × ${configs.length} configurations (${configs.map((c) => c.name).join(", ")}), ${SECONDS} s blocks, order seed ${SEED}`,
  );
  const rows: Row[] = [];
  const machineLoad: number[] = [];
  for (let round = 0; round < (process.argv.includes("--bundle-only") ? 0 : ROUNDS); round++) {
    machineLoad.push(loadavg()[0]!);
    for (const [w, workload] of selected.entries()) {
      for (const config of shuffled(configs, SEED + round * 97 + w)) {
        const server = servers.get(config.name)!;
        await load(server.origin, { path: "/api/health" }, 2, 0.5); // warm-up
        const cpuBefore = processTreeCpuMs(server.child.pid);
        const result = await workload.go(server.origin, server.roomPath);
        const cpuAfter = processTreeCpuMs(server.child.pid);
        const cpuMsPerRequest =
          cpuBefore !== undefined && cpuAfter !== undefined && result.requests
            ? (cpuAfter - cpuBefore) / result.requests
            : Number.NaN;
        rows.push({
          ...result,
          cpuMsPerRequest,
          workload: workload.name,
          config: config.name,
          round,
        });
        console.log(
          `round ${round + 1} ${workload.name.padEnd(32)} ${config.name.padEnd(11)} ${result.rps.toFixed(1).padStart(7)}/s  p50 ${result.p50.toFixed(1)} ms  p95 ${result.p95.toFixed(1)} ms  cpu ${cpuMsPerRequest.toFixed(3)} ms/req  errors ${result.errors}`,
        );
      }
    }
  }
  for (const { child } of servers.values()) child.kill("SIGTERM");

  const bundle: Array<{ path: string; withSentry: number; without: number }> = [];
  if (withBundle) {
    const withServer = await startNext(".next-bench", configs[0]!, BASE_PORT + 10, base);
    const withoutServer = await startNext(
      ".next-bench-nosentry",
      { ...configs[0]!, name: "nosentry" },
      BASE_PORT + 11,
      base,
    );
    for (const path of ["/", "/episodes/new", "/debug"]) {
      const a = await firstLoadJs(`http://127.0.0.1:${BASE_PORT + 10}`, path);
      const b = await firstLoadJs(`http://127.0.0.1:${BASE_PORT + 11}`, path);
      bundle.push({ path, withSentry: a.gzipBytes, without: b.gzipBytes });
    }
    withServer.kill("SIGTERM");
    withoutServer.kill("SIGTERM");
  }
  await receiver.close();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const pinned =
    pinning &&
    `Each server ran on CPU ${pinning.server}; the load generator, the viewers and the Sentry receiver on CPU ${pinning.bench}.`;
  const markdown = renderResults({
    rows,
    configs,
    bundle,
    machine,
    settings: { SECONDS, ROUNDS, CONNECTIONS, VIEWERS, SEED },
    envelopes: receiver.counts,
    pinning: pinned,
    load: machineLoad,
  });
  console.log(`\n${markdown}`);
  if (process.env.BENCH_WRITE !== "false") {
    writeResults(markdown);
    console.log(`wrote ${RESULTS_FILE}`);
  }
  // Scale-out: several instances on one PostgreSQL (TEST_DATABASE_URL, or a throw-away cluster).
  if (!process.argv.includes("--no-scale")) await scaleBenchmark();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
