import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { createRepository, type Repository } from "@/lib/db/repository";
import { configWith } from "../shared/sample-config";
import { DRIVERS } from "./support/test-db";

describe.each(DRIVERS)("storage on %s", (_driver, open) => {
  let handle: DbHandle;
  let repo: Repository;
  beforeEach(async () => {
    handle = await open();
    repo = createRepository(handle);
  });
  afterEach(async () => handle.close());

  it("creates an episode with one room per item, rooms without sellers marked", async () => {
    const { episode, rooms } = await repo.createEpisode(configWith());
    expect(rooms.map((r) => [r.itemName, r.sellers, r.status])).toEqual([
      ["Laptop", ["TechHub", "GadgetWorld"], "planned"],
      ["Wireless mouse", ["TechHub", "BargainBin"], "planned"],
      ["Webcam", [], "no_sellers"],
    ]);
    expect((await repo.getEpisode(episode.id))?.config.buyer.name).toBe("Alex");
  });

  it("reads the newest episodes through an index, not by sorting the whole table", async () => {
    await handle.db.execute(
      sql.raw(`INSERT INTO episodes (id, buyer_name, config, created_at)
        SELECT 'bulk-' || n, 'Bulk', '{}'::jsonb, now() - n * interval '1 second' FROM generate_series(1, 5000) AS n`),
    );
    await handle.db.execute(sql.raw("ANALYZE episodes"));
    const { episode } = await repo.createEpisode(configWith());
    const newest = await repo.listEpisodes(50);
    expect(newest).toHaveLength(50);
    expect(newest[0]!.id).toBe(episode.id);
    const plan = (await handle.db.execute(
      sql.raw("EXPLAIN SELECT * FROM episodes ORDER BY created_at DESC, id DESC LIMIT 50"),
    )) as unknown as { rows: Array<Record<string, string>> };
    const text = plan.rows.map((row) => Object.values(row).join(" ")).join("\n");
    expect(text).toContain("episodes_newest_idx");
    expect(text).not.toMatch(/\bSort\b/);
  });

  it("numbers events per room in order and replays them after a sequence number", async () => {
    const { rooms } = await repo.createEpisode(configWith());
    const roomId = rooms[0]!.id;
    await repo.appendEvents(roomId, [{ type: "round_started", round: 1 }], {
      status: "running",
      round: 1,
    });
    await repo.appendEvents(roomId, [
      { type: "buyer_message", round: 1, text: "hello @TechHub", mentions: ["TechHub"] },
      { type: "seller_message", round: 1, seller: "TechHub", text: "1000 each" },
    ]);
    expect((await repo.listEvents(roomId)).map((e) => [e.seq, e.type])).toEqual([
      [1, "round_started"],
      [2, "buyer_message"],
      [3, "seller_message"],
    ]);
    expect((await repo.listEvents(roomId, 2)).map((e) => e.seq)).toEqual([3]);
    expect((await repo.getRoom(roomId))?.status).toBe("running");
  });

  it("stores an outcome exactly once: a second one fails and writes nothing", async () => {
    const { rooms } = await repo.createEpisode(configWith());
    const roomId = rooms[0]!.id;
    const outcome = { kind: "no_deal" as const, reason: "max rounds", rounds: 3, forced: false };
    await repo.appendEvents(roomId, [{ type: "room_completed", outcome }], { status: "completed" });
    await expect(
      repo.appendEvents(roomId, [
        { type: "round_started", round: 9 },
        { type: "room_completed", outcome },
      ]),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await repo.listEvents(roomId)).map((e) => e.type)).toEqual(["room_completed"]);
    expect(await repo.listOutcomes([roomId])).toEqual([{ roomId, outcome }]);
  });

  it("marks runs left running by a crash as interrupted", async () => {
    const { rooms } = await repo.createEpisode(configWith());
    await repo.updateRoom(rooms[0]!.id, { status: "running" });
    expect(await repo.markInterrupted()).toBe(1);
    expect((await repo.getRoom(rooms[0]!.id))?.status).toBe("interrupted");
  });

  it("finds running rooms (start-up, the unclaimed sweep) through a partial index, not by scanning every room", async () => {
    const { episode, rooms } = await repo.createEpisode(configWith());
    await handle.db.execute(
      sql.raw(`INSERT INTO rooms (id, episode_id, position, item_name, sellers, status)
        SELECT 'bulk-' || n, '${episode.id}', n + 10, 'Bulk', '[]'::jsonb, 'completed' FROM generate_series(1, 5000) AS n`),
    );
    await repo.updateRoom(rooms[0]!.id, { status: "running" });
    await handle.db.execute(sql.raw("ANALYZE rooms"));
    const explain = async (query: string) => {
      const plan = (await handle.db.execute(sql.raw(`EXPLAIN ${query}`))) as unknown as {
        rows: Array<Record<string, string>>;
      };
      return plan.rows.map((row) => Object.values(row).join(" ")).join("\n");
    };
    // The rooms part of the sweep's query (lib/db/cluster-store.ts unclaimedRuns) and markInterrupted's.
    for (const query of [
      "SELECT r.id FROM rooms r WHERE r.status = 'running' AND r.lease_owner IS NULL",
      "UPDATE rooms SET status = 'interrupted' WHERE status = 'running'",
    ]) {
      const text = await explain(query);
      expect(text).toContain("rooms_running_idx");
      expect(text).not.toMatch(/Seq Scan on rooms/);
    }
    expect(await repo.markInterrupted()).toBe(1);
    expect((await repo.getRoom(rooms[0]!.id))?.status).toBe("interrupted");
  });

  it("deletes an episode with its rooms and events", async () => {
    const { episode, rooms } = await repo.createEpisode(configWith());
    await repo.appendEvents(rooms[0]!.id, [{ type: "round_started", round: 1 }]);
    expect(await repo.deleteEpisode(episode.id)).toBe(true);
    expect(await repo.getRoom(rooms[0]!.id)).toBeUndefined();
    expect(await repo.listEvents(rooms[0]!.id)).toEqual([]);
    expect(await repo.deleteEpisode(episode.id)).toBe(false);
  });

  it("restarts a room: history gone, sequence keeps counting", async () => {
    const { rooms } = await repo.createEpisode(configWith());
    const roomId = rooms[0]!.id;
    await repo.appendEvents(roomId, [
      { type: "round_started", round: 1 },
      { type: "room_failed", error: { code: "LLM_TIMEOUT", message: "t" } },
    ]);
    await repo.resetRoom(roomId);
    expect(await repo.listEvents(roomId)).toEqual([]);
    const [event] = await repo.appendEvents(roomId, [{ type: "round_started", round: 1 }]);
    expect(event!.seq).toBe(3);
  });
});
