// `npm run bench:scale` (and the scale section of `npm run bench`): N instances on one PostgreSQL.
// Rooms completed per second with 1, 2 and 3 instances (simulated provider), and the delay from storing
// an event to a viewer on another instance receiving it. Needs a build (`.next-bench`, or BENCH_DIST_DIR).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import pg from "pg";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import type { RoomEvent } from "../../lib/domain/stream-events";
import { scaleDatabase, watchRoom, type Node } from "../../tests/shared/scale-cluster";
import { run } from "./servers";

const ROOMS = Number(process.env.BENCH_SCALE_ROOMS ?? 24);
const DIST = process.env.BENCH_DIST_DIR ?? ".next-bench";
const PORT = 3251;
const PACED_ROOMS = Number(process.env.BENCH_SCALE_PACED_ROOMS ?? 6);
const PACED_DELAY_MS = 100;
const RESULTS = "docs/performance-scale.md";

export type ScaleRow = {
  instances: number;
  rooms: number;
  seconds: number;
  roomsPerSecond: number;
  crossP50: number;
  crossP95: number;
  crossEvents: number;
};

async function startInstance(
  name: string,
  port: number,
  databaseUrl: string,
): Promise<ChildProcess> {
  mkdirSync("tmp/bench", { recursive: true });
  const logFile = `tmp/bench/scale-${name}.log`;
  const log = openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        SENTRY_ENV: "production",
        MAMS_DIST_DIR: DIST,
        DATABASE_URL: databaseUrl,
        MAMS_INSTANCE_NAME: name,
        MAMS_WRITES_PER_MINUTE: "1000000",
        MAMS_MAX_SSE_PER_CLIENT: "10000",
        MAMS_MAX_SSE_PER_ROOM: "10000",
        MAMS_MAX_RUNS_PER_EPISODE: "100",
      },
      stdio: ["ignore", log, log],
    },
  );
  for (const deadline = Date.now() + 90_000; ; ) {
    if (
      await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(
        `${name} did not start on ${port}; the end of ${logFile}:\n${readFileSync(logFile, "utf8").slice(-2000)}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

const percentile = (values: number[], p: number) =>
  values.length
    ? [...values].sort((a, b) => a - b)[
        Math.min(values.length - 1, Math.floor((p / 100) * values.length))
      ]!
    : Number.NaN;

/** `delayMs`: every model call waits that long, so the instances are not saturated (delivery, not queueing). */
async function measure(instances: number, rooms = ROOMS, delayMs = 0): Promise<ScaleRow> {
  const database = await scaleDatabase(`mams_bench_scale_${instances}_${delayMs}`);
  const nodes: Node[] = [];
  const children: ChildProcess[] = [];
  const db = new pg.Client({ connectionString: database.url });
  try {
    for (let i = 0; i < instances; i++) {
      children.push(await startInstance(`bench-${i + 1}`, PORT + i, database.url));
      nodes.push({
        name: `bench-${i + 1}`,
        port: PORT + i,
        base: `http://127.0.0.1:${PORT + i}`,
        alive: true,
      });
    }
    await db.connect();
    const roomIds: string[] = [];
    const llm = delayMs
      ? { ...sampleEpisodeConfig.llm, faults: [{ kind: "delay", fromCall: 1, delayMs }] }
      : sampleEpisodeConfig.llm;
    for (let i = 0; roomIds.length < rooms; i++) {
      const response = await fetch(`${nodes[i % instances]!.base}/api/episodes`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...sampleEpisodeConfig, llm }),
      });
      const { episode } = (await response.json()) as {
        episode: { rooms: Array<{ id: string; status: string }> };
      };
      roomIds.push(
        ...episode.rooms
          .filter((r) => r.status === "planned")
          .map((r) => r.id)
          .slice(0, rooms - roomIds.length),
      );
    }
    // One viewer per room on every instance; the runner is whoever claims the job, found from its lease.
    const received = new Map<string, Array<{ node: string; event: RoomEvent; at: number }>>();
    const viewers = roomIds.flatMap((roomId) =>
      nodes.map((node) =>
        watchRoom(
          roomId,
          () => [node],
          (event) => {
            const list = received.get(roomId) ?? received.set(roomId, []).get(roomId)!;
            list.push({ node: node.name, event, at: Date.now() });
          },
        ),
      ),
    );
    const runner = new Map<string, string>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        for (const row of (
          await db.query<{ id: string; lease_owner: string }>(
            "select id, lease_owner from rooms where lease_owner is not null",
          )
        ).rows)
          if (!runner.has(row.id)) runner.set(row.id, row.lease_owner.split("/")[0]!);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    await Promise.all(
      roomIds.map((id, i) =>
        fetch(`${nodes[i % instances]!.base}/api/rooms/${id}/start`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      ),
    );
    for (;;) {
      const done = (
        await db.query<{ n: string }>(
          "select count(*) as n from outcomes where room_id = any($1)",
          [roomIds],
        )
      ).rows[0]!.n;
      if (Number(done) === roomIds.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    watching = false;
    await watch;
    await Promise.all(viewers.map((v) => v.done));
    const delays = [...received].flatMap(([roomId, list]) =>
      list
        .filter((r) => runner.get(roomId) && r.node !== runner.get(roomId))
        .map((r) => r.at - Date.parse(r.event.at)),
    );
    return {
      instances,
      rooms: roomIds.length,
      seconds,
      roomsPerSecond: roomIds.length / seconds,
      crossP50: percentile(delays, 50),
      crossP95: percentile(delays, 95),
      crossEvents: delays.length,
    };
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await db.end().catch(() => undefined);
    database.stop();
  }
}

export async function scaleBenchmark(): Promise<ScaleRow[]> {
  if (!existsSync(DIST)) {
    console.log(`building ${DIST}…`);
    if (
      (await run("node_modules/.bin/next", ["build"], {
        NEXT_TELEMETRY_DISABLED: "1",
        SENTRY_ENV: "production",
        MAMS_DIST_DIR: DIST,
      })) !== 0
    )
      throw new Error("build failed");
  }
  const line = (row: ScaleRow) =>
    `${row.instances} instance(s): ${row.rooms} rooms in ${row.seconds.toFixed(1)} s = ${row.roomsPerSecond.toFixed(2)} rooms/s; ${
      row.instances > 1
        ? `cross-instance delivery p50 ${row.crossP50} ms p95 ${row.crossP95} ms (${row.crossEvents} events)`
        : "no other instance"
    }`;
  const rows: ScaleRow[] = [];
  for (const instances of [1, 2, 3]) {
    rows.push(await measure(instances));
    console.log(`scale, flat out, ${line(rows.at(-1)!)}`);
  }
  const paced: ScaleRow[] = [];
  for (const instances of [2, 3]) {
    paced.push(await measure(instances, PACED_ROOMS, PACED_DELAY_MS));
    console.log(`scale, paced, ${line(paced.at(-1)!)}`);
  }
  const cell = (r: ScaleRow, ms: number) => (r.instances > 1 ? `${ms} ms` : "–");
  writeFileSync(
    RESULTS,
    [
      "# Scale-out figures (`npm run bench:scale`, also the last section of `npm run bench`)",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, shared by every instance, the database and the viewers: more instances mostly show the coordination cost, not more capacity. Rooms of the sample episode (simulated provider) are started through the instances in turn, with one SSE viewer per room on every instance and one PostgreSQL.`,
      "",
      `**Flat out:** ${ROOMS} rooms, no delay in the model, so the cores are saturated and delivery includes queueing.`,
      "",
      "| instances | rooms/s | seconds | cross-instance delivery p50 | p95 | events measured |",
      "|---|---|---|---|---|---|",
      ...rows.map(
        (r) =>
          `| ${r.instances} | ${r.roomsPerSecond.toFixed(2)} | ${r.seconds.toFixed(1)} | ${cell(r, r.crossP50)} | ${cell(r, r.crossP95)} | ${r.crossEvents} |`,
      ),
      "",
      `**Paced:** ${PACED_ROOMS} rooms whose every model call waits ${PACED_DELAY_MS} ms, so the instances are mostly idle and the figure is the delivery path itself (commit, NOTIFY, read from storage, SSE write).`,
      "",
      "| instances | cross-instance delivery p50 | p95 | events measured |",
      "|---|---|---|---|",
      ...paced.map(
        (r) => `| ${r.instances} | ${r.crossP50} ms | ${r.crossP95} ms | ${r.crossEvents} |`,
      ),
      "",
      "Delivery delay: from the event's stored time (`at`, set in the appending transaction) to a viewer on an instance that does not run the room receiving it.",
      "",
    ].join("\n"),
  );
  // Biome formats Markdown tables too (`npm run lint` checks it).
  await run("node_modules/.bin/biome", ["format", "--write", RESULTS], {});
  console.log(`wrote ${RESULTS}`);
  return [...rows, ...paced];
}

if (process.argv[1]?.endsWith("scale.ts")) {
  scaleBenchmark().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
