import { rmSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "@playwright/test";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import { waitForRoomStatus } from "./support/api-client";
import { startServerProcess, type ServerProcess } from "./support/build-runner";
import { BACKEND_PROJECT } from "./support/e2e-config";
import {
  attr,
  eventsOf,
  fetchEnvelopes,
  logsOf,
  resetReceiver,
  spansOf,
  waitForEvent,
  waitForLog,
  waitForSpan,
} from "./support/receiver-client";

// A second `next start` of the suite's build, on its own port and data directory, that the test may kill.
const PORT = 3106;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA_DIR = "tmp/e2e-data-shutdown";
const LOG_CANARY = "sk-logcanary0123456789abcdef";
const serverEnv = { MAMS_DATA_DIR: DATA_DIR };

test.describe.configure({ timeout: 180_000 });

async function storedStatus(roomId: string): Promise<string | undefined> {
  // Read straight from the data directory while no server runs: what the shutdown stored, not what a
  // later start-up would repair.
  const db = new PGlite(path.join(DATA_DIR, "pglite"));
  try {
    return (await db.query<{ status: string }>("select status from rooms where id = $1", [roomId]))
      .rows[0]?.status;
  } finally {
    await db.close();
  }
}

test("SIGTERM mid-run: the run's spans, the cut-off event and the logs arrive, the room is stored interrupted, and it resumes after restart", async () => {
  rmSync(DATA_DIR, { recursive: true, force: true });
  await resetReceiver();
  let server: ServerProcess | undefined = await startServerProcess(serverEnv, PORT);
  try {
    const config = {
      ...sampleEpisodeConfig,
      llm: {
        ...sampleEpisodeConfig.llm,
        model: `mams-sim-1 ${LOG_CANARY}`,
        faults: [{ kind: "delay", delayMs: 300, fromCall: 1 }],
      },
    };
    const created = await fetch(`${BASE}/api/episodes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(config),
    });
    expect(created.status).toBe(201);
    const episode = (await created.json()).episode as { id: string; rooms: Array<{ id: string }> };
    const roomId = episode.rooms[0]!.id;
    const stream = await fetch(`${BASE}/api/rooms/${roomId}/stream`);
    const streamText = stream.text();
    expect(
      (
        await fetch(`${BASE}/api/rooms/${roomId}/start`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        })
      ).status,
    ).toBe(202);
    await expect
      .poll(async () => (await (await fetch(`${BASE}/api/rooms/${roomId}`)).json()).room.round, {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(2);

    server.child.kill("SIGTERM");
    const exit = await server.exited;
    const output = server.output();
    server = undefined;
    expect(exit.code, output.slice(-2000)).toBe(143);
    expect(await streamText).toMatch(/\nretry: 2000\n/);
    expect(output).toMatch(/\[mams\] warn\s+run interrupted by shutdown negotiation_id=/);
    expect(await storedStatus(roomId)).toBe("interrupted");

    const cutOff = await waitForEvent(
      BACKEND_PROJECT,
      (e) => e.message === "Negotiation run cut off by server shutdown",
    );
    expect(cutOff.tags).toMatchObject({
      negotiation_id: roomId,
      session_id: episode.id,
      "shutdown.signal": "SIGTERM",
    });
    expect(
      (cutOff.breadcrumbs ?? []).some((b) => b.message === "run cut off by server shutdown"),
    ).toBe(true);
    expect(
      eventsOf(await fetchEnvelopes(BACKEND_PROJECT)).filter(
        (e) => e.tags?.negotiation_id === roomId,
      ),
    ).toHaveLength(1);

    const run = await waitForSpan(
      BACKEND_PROJECT,
      (s) => attr(s, "sentry.op") === "negotiation.run" && attr(s, "negotiation_id") === roomId,
    );
    const trace = spansOf(await fetchEnvelopes(BACKEND_PROJECT)).filter(
      (s) => s.trace_id === run.trace_id,
    );
    const ops = trace.map((s) => attr(s, "sentry.op"));
    expect(ops.filter((op) => op === "negotiation.round").length).toBeGreaterThanOrEqual(2);
    expect(ops).toContain("gen_ai.invoke_agent");

    const started = await waitForLog(
      BACKEND_PROJECT,
      (l) => l.body === "run started" && l.attributes.negotiation_id?.value === roomId,
    );
    expect(started.attributes.session_id?.value).toBe(episode.id);
    expect(started.trace_id).toBe(run.trace_id);
    const interrupted = logsOf(await fetchEnvelopes(BACKEND_PROJECT)).find(
      (l) => l.body === "run interrupted by shutdown",
    );
    expect(interrupted?.attributes.negotiation_id?.value).toBe(roomId);
    expect(
      logsOf(await fetchEnvelopes(BACKEND_PROJECT)).some((l) =>
        l.body.startsWith("shutdown: draining"),
      ),
    ).toBe(true);
    // The model name carried a key-shaped canary: the log hook scrubbed it like events and spans.
    expect(started.attributes.model?.value).toBe("mams-sim-1 [Filtered]");
    expect(JSON.stringify(await fetchEnvelopes())).not.toContain(LOG_CANARY);

    server = await startServerProcess(serverEnv, PORT);
    expect(
      (
        await fetch(`${BASE}/api/rooms/${roomId}/start`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ mode: "resume" }),
        })
      ).status,
    ).toBe(202);
    await waitForRoomStatus(roomId, ["completed"], 90_000, BASE);
  } finally {
    server?.child.kill("SIGTERM");
    await server?.exited;
  }
});
