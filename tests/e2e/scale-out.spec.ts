import { expect, test } from "@playwright/test";
import pg from "pg";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import type { RoomEvent } from "../../lib/domain/stream-events";
import { BACKEND_PROJECT } from "./support/e2e-config";
import { eventsOf, fetchEnvelopes } from "./support/receiver-client";
import {
  pick,
  postJson,
  scaleDatabase,
  startNodes,
  watchRoom,
  type Node,
} from "../shared/scale-cluster";

// Three `next start` of the suite's build on one PostgreSQL (ports clear of playwright.config.ts and the
// other specs' 3100-3107; a fourth joins on 3114). One is killed with SIGKILL and one stopped with SIGTERM while 30 rooms run.
const PORT = 3111;
const TAKEOVER_SECONDS = 6;
const ROOMS = 30;

test.describe.configure({ timeout: 300_000 });

test("three instances, one PostgreSQL: 30 rooms end exactly once through SIGKILL and SIGTERM, viewers miss nothing, controls are honoured once", async () => {
  const database = await scaleDatabase("mams_scale");
  const db = new pg.Client({ connectionString: database.url });
  let nodes: Node[] = [];
  try {
    const env = {
      DATABASE_URL: database.url,
      MAMS_TAKEOVER_SECONDS: String(TAKEOVER_SECONDS),
      MAMS_MAX_SSE_PER_CLIENT: "1000",
      MAMS_MAX_SSE_PER_ROOM: "1000",
    };
    nodes = await startNodes(["node-a", "node-b", "node-c"], PORT, env);
    await db.connect();
    const [a, b, c] = nodes as [Node, Node, Node];

    // 30 rooms, created and started through random instances; each with a viewer on a random instance.
    const config = {
      ...sampleEpisodeConfig,
      llm: {
        ...sampleEpisodeConfig.llm,
        maxRounds: 8,
        faults: [{ kind: "delay" as const, delayMs: 250, fromCall: 1 }],
      },
    };
    const roomIds: string[] = [];
    while (roomIds.length < ROOMS) {
      const created = await postJson<{ episode: { rooms: Array<{ id: string; status: string }> } }>(
        pick(nodes).base,
        "/api/episodes",
        config,
      );
      expect(created.status).toBe(201);
      for (const room of created.body.episode.rooms)
        if (room.status === "planned" && roomIds.length < ROOMS) roomIds.push(room.id);
    }
    const viewers = new Map(roomIds.map((id) => [id, watchRoom(id, () => nodes)]));
    await new Promise((r) => setTimeout(r, 500));
    const starts = await Promise.all(
      roomIds.map((id) => postJson(pick(nodes).base, `/api/rooms/${id}/start`, { mode: "start" })),
    );
    expect(starts.map((s) => s.status)).toEqual(roomIds.map(() => 202));
    // A second start through another instance changes nothing.
    const again = await postJson(c.base, `/api/rooms/${roomIds[0]}/start`, { mode: "start" });
    expect(again).toMatchObject({ status: 200, body: { alreadyRunning: true } });

    // Wait until both victims run rooms, then send controls through instances that do not run those rooms.
    const owners = async () =>
      new Map(
        (
          await db.query<{ id: string; lease_owner: string }>(
            "select id, lease_owner from rooms where lease_owner is not null",
          )
        ).rows.map((r) => [r.id, r.lease_owner.split("/")[0]!]),
      );
    await expect
      .poll(
        async () => {
          const o = [...(await owners()).values()];
          return o.includes("node-a") && o.includes("node-b");
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    const before = await owners();
    const controls: Array<{
      roomId: string;
      kind: "message" | "stop";
      text?: string;
      status: number;
    }> = [];
    // Rooms run by the instances about to die, controlled through the survivor: always across instances.
    const controlled = roomIds
      .filter((id) => before.get(id) === "node-a" || before.get(id) === "node-b")
      .slice(0, 8);
    await Promise.all(
      controlled.map(async (roomId, i) => {
        const via = c;
        if (i < 5) {
          const text = `note ${i} for ${roomId.slice(0, 8)}`;
          controls.push({
            roomId,
            kind: "message",
            text,
            status: (await postJson(via.base, `/api/rooms/${roomId}/messages`, { text })).status,
          });
        } else {
          controls.push({
            roomId,
            kind: "stop",
            status: (await postJson(via.base, `/api/rooms/${roomId}/stop`, {})).status,
          });
        }
      }),
    );

    // SIGKILL node-a mid-run (its rooms must be taken over), then SIGTERM node-b (its rooms handed over).
    const killedAt = Date.now();
    a.alive = false;
    a.server!.child.kill("SIGKILL");
    // Its leases stay in storage until they expire: exactly the rooms it ran when it died.
    const killedRooms = [...(await owners())]
      .filter(([, owner]) => owner === "node-a")
      .map(([id]) => id);
    await new Promise((r) => setTimeout(r, 1_000));
    b.alive = false;
    b.server!.child.kill("SIGTERM");
    expect((await b.server!.exited).code).toBe(143);

    // A control sent while node-a's leases are not yet expired: the survivor applies it once, whoever runs the room.
    const late = roomIds.find((id) => killedRooms.includes(id) && !controlled.includes(id));
    if (late)
      controls.push({
        roomId: late,
        kind: "message",
        text: "late note",
        status: (await postJson(c.base, `/api/rooms/${late}/messages`, { text: "late note" }))
          .status,
      });

    // A new instance joining mid-run marks nothing interrupted (one process would, at its start-up).
    const running = Number(
      (await db.query<{ n: string }>("select count(*) as n from rooms where status = 'running'"))
        .rows[0]!.n,
    );
    nodes.push(...(await startNodes(["node-d"], PORT + 3, env)));
    expect(running).toBeGreaterThan(0);
    expect((await db.query("select 1 from rooms where status = 'interrupted'")).rowCount).toBe(0);

    await Promise.all([...viewers.values()].map((v) => v.done));
    const takeoverDelays: number[] = [];
    for (const roomId of roomIds) {
      const events = (
        await db.query<{ seq: number; type: string; data: RoomEvent }>(
          "select seq, type, data from room_events where room_id = $1 order by seq",
          [roomId],
        )
      ).rows;
      const label = `room ${roomId}`;
      expect(
        events.map((e) => e.seq),
        `${label}: no missing or duplicate sequence`,
      ).toEqual(events.map((_, i) => i + 1));
      expect(
        events
          .filter((e) => e.type === "room_completed" || e.type === "room_failed")
          .map((e) => e.type),
        `${label}: ends exactly once`,
      ).toEqual(["room_completed"]);
      expect(events.at(-1)?.type, `${label}: nothing after the outcome`).toBe("room_completed");
      expect(
        events.filter((e) => e.type === "room_started"),
        `${label}: one run`,
      ).toHaveLength(1);
      const outcome = await db.query("select 1 from outcomes where room_id = $1", [roomId]);
      expect(outcome.rowCount, `${label}: one outcome row`).toBe(1);
      expect(
        (await db.query<{ status: string }>("select status from rooms where id = $1", [roomId]))
          .rows[0]?.status,
      ).toBe("completed");
      const viewer = viewers.get(roomId)!;
      expect(
        viewer.received.map((e) => e.seq),
        `${label}: the viewer saw every event in order (${viewer.reconnects} reconnects)`,
      ).toEqual(events.map((e) => e.seq));
      if (killedRooms.includes(roomId) && events.some((e) => e.type === "run_resumed")) {
        const resumed = events.find((e) => e.type === "run_resumed")!.data as Extract<
          RoomEvent,
          { type: "run_resumed" }
        >;
        expect(resumed.cause).toBe("takeover");
        expect(resumed.reason).toContain("node-a");
        takeoverDelays.push(
          Date.parse(
            (
              await db.query<{ created_at: string }>(
                "select created_at from room_events where room_id = $1 and type = 'run_resumed'",
                [roomId],
              )
            ).rows[0]!.created_at,
          ) - killedAt,
        );
      }
    }

    // Every room node-a ran and had not finished by the kill was taken over, and says so; each takeover reported once, naming both.
    const takenOver = (
      await db.query<{ room_id: string }>(
        "select room_id from room_events where type = 'run_resumed' and data->>'cause' = 'takeover'",
      )
    ).rows.map((r) => r.room_id);
    expect(takenOver.length).toBeGreaterThan(0);
    expect(takenOver.every((id) => killedRooms.includes(id))).toBe(true);
    await expect
      .poll(
        async () =>
          eventsOf(await fetchEnvelopes(BACKEND_PROJECT)).filter(
            (e) =>
              e.tags?.["error.code"] === "RUN_TAKEN_OVER" &&
              takenOver.includes(e.tags?.negotiation_id ?? ""),
          ).length,
        { timeout: 20_000 },
      )
      .toBe(takenOver.length);
    const reports = eventsOf(await fetchEnvelopes(BACKEND_PROJECT)).filter(
      (e) =>
        e.tags?.["error.code"] === "RUN_TAKEN_OVER" &&
        takenOver.includes(e.tags?.negotiation_id ?? ""),
    );
    expect(new Set(reports.map((e) => e.tags!.negotiation_id)).size).toBe(takenOver.length);
    for (const report of reports)
      expect(report.tags).toMatchObject({
        "mams.instance.previous": "node-a",
        "mams.instance": expect.stringMatching(/^node-[cd]$/),
      });

    // Controls: each accepted one honoured exactly once; a refused one only because the room had ended.
    for (const control of controls) {
      const events = (
        await db.query<{ type: string; data: Record<string, unknown> }>(
          "select type, data from room_events where room_id = $1 order by seq",
          [control.roomId],
        )
      ).rows;
      if (control.kind === "message") {
        const copies = events.filter(
          (e) => e.type === "user_message" && e.data.text === control.text,
        ).length;
        expect([control.status, copies], `message to ${control.roomId}`).toEqual(
          control.status === 201 ? [201, 1] : [409, 0],
        );
      } else {
        const outcome = events.at(-1)!.data as { outcome: { reason?: string } };
        expect(
          [control.status, outcome.outcome.reason === "Stopped by the user."],
          `stop of ${control.roomId}`,
        ).toEqual(control.status === 200 ? [200, true] : [409, false]);
      }
    }
    expect(controls.filter((entry) => entry.status < 300).length).toBeGreaterThan(0);
    console.log(
      `[scale-out] takeover: ${takeoverDelays.length} rooms resumed ${takeoverDelays.map((d) => (d / 1000).toFixed(1)).join(", ")} s after SIGKILL (bound ${TAKEOVER_SECONDS} s)`,
    );
  } finally {
    for (const node of nodes) if (node.alive) node.server?.child.kill("SIGTERM");
    await Promise.all(nodes.map((n) => n.server?.exited));
    await db.end().catch(() => undefined);
    database.stop();
  }
});
