import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/episodes/[id]/export/route";
import * as importRoute from "@/app/api/imports/route";
import * as roomRoute from "@/app/api/rooms/[roomId]/route";
import * as startRoute from "@/app/api/rooms/[roomId]/start/route";
import * as messagesRoute from "@/app/api/rooms/[roomId]/messages/route";
import { configHash } from "@/lib/experiments/export-format";
import { canonicalTranscript } from "@/lib/experiments/transcript";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";

let services: Awaited<ReturnType<typeof apiServices>>;
beforeEach(async () => void (services = await apiServices()), 60_000);
afterEach(async () => {
  provideServices(undefined);
  await services.handle.close();
});

async function finishedEpisode() {
  const config = configWith({ seed: 11, apiKey: "sk-secret-never-exported" });
  const { episode, rooms } = await services.repo.createEpisode(config);
  for (const room of rooms.filter((r) => r.status === "planned")) {
    await services.runs.start(room.id, "start");
    await services.runs.settled(room.id);
  }
  return { episode, rooms, config };
}

const exportText = async (id: string, format: string) => {
  const response = await exportRoute.GET(
    new Request(`http://localhost/api/episodes/${id}/export?format=${format}`),
    { params: Promise.resolve({ id }) },
  );
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    disposition: response.headers.get("content-disposition"),
    text: await response.text(),
  };
};

describe("export and import", () => {
  it("JSONL: a manifest, the configuration without its key, every room and every event", async () => {
    const { episode, rooms, config } = await finishedEpisode();
    const { status, type, disposition, text } = await exportText(episode.id, "jsonl");
    expect(status).toBe(200);
    expect(type).toContain("application/x-ndjson");
    expect(disposition).toContain(`mams-episode-${episode.id}.jsonl`);
    expect(text).not.toContain("sk-secret-never-exported");
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      kind: "manifest",
      format: "mams-export/1",
      app: "mams",
      episodes: [
        {
          episodeId: episode.id,
          configHash: configHash(config),
          seed: 11,
          provider: "simulated",
          model: "mams-sim-1",
        },
      ],
    });
    expect(typeof lines[0].release).toBe("string");
    const stored = await services.repo.listEvents(rooms[0]!.id);
    const exported = lines
      .filter((l) => l.kind === "event" && l.roomId === rooms[0]!.id)
      .map((l) => l.event);
    expect(exported).toEqual(stored);
    expect(lines.filter((l) => l.kind === "room")).toHaveLength(3);
  });

  it("CSV: one row per room with hidden values, outcome, surplus and the manifest's identity", async () => {
    const { episode, config } = await finishedEpisode();
    const { type, text } = await exportText(episode.id, "csv");
    expect(type).toContain("text/csv");
    const [header, ...rows] = text.trim().split("\r\n");
    expect(rows).toHaveLength(3);
    const columns = header!.split(",");
    const laptop = Object.fromEntries(columns.map((c, i) => [c, rows[0]!.split(",")[i]]));
    expect(laptop).toMatchObject({
      item: "Laptop",
      range_low: "780",
      available_surplus: "340",
      hidden_floors: "TechHub=820;GadgetWorld=780",
      seed: "11",
      config_hash: configHash(config),
      provider: "simulated",
    });
    expect(["deal", "no_deal"]).toContain(laptop.result);
    const webcam = Object.fromEntries(columns.map((c, i) => [c, rows[2]!.split(",")[i]]));
    expect(webcam).toMatchObject({ item: "Webcam", status: "no_sellers", range_exists: "false" });
    expect((await exportText(episode.id, "xml")).status).toBe(400);
  });

  it("an import replays the same transcript, read-only", async () => {
    const { episode, rooms } = await finishedEpisode();
    const { text } = await exportText(episode.id, "jsonl");
    const imported = await call(
      importRoute.POST,
      {},
      { raw: text, headers: { "content-type": "application/x-ndjson" } },
    );
    expect(imported.status).toBe(201);
    const newId = imported.json.episodes[0].id as string;
    expect(newId).not.toBe(episode.id);
    const newRooms = await services.repo.listRooms([newId]);
    expect(newRooms.map((r) => r.status)).toEqual(
      (await services.repo.listRooms([episode.id])).map((r) => r.status),
    );
    const replay = (await call(roomRoute.GET, { roomId: newRooms[0]!.id })).json;
    expect(canonicalTranscript(replay.events)).toBe(
      canonicalTranscript(await services.repo.listEvents(rooms[0]!.id)),
    );
    expect(replay.room.economics).toEqual(
      (await call(roomRoute.GET, { roomId: rooms[0]!.id })).json.room.economics,
    );

    const restart = await call(
      startRoute.POST,
      { roomId: newRooms[0]!.id },
      { body: { mode: "restart" } },
    );
    expect(restart.status).toBe(409);
    expect(restart.json.error.message).toMatch(/imported/);
    expect(
      (await call(messagesRoute.POST, { roomId: newRooms[1]!.id }, { body: { text: "hi" } }))
        .status,
    ).toBe(409);
  });

  it("a broken file is refused with the line named, and nothing is stored", async () => {
    const { episode } = await finishedEpisode();
    const { text } = await exportText(episode.id, "jsonl");
    const lines = text.trim().split("\n");
    const broken = [
      lines[0],
      lines[1]!.replace('"maxRounds":6', '"maxRounds":99'),
      ...lines.slice(2, 5),
      "{not json",
    ].join("\n");
    const before = (await services.repo.listEpisodes()).length;
    const response = await call(importRoute.POST, {}, { raw: broken });
    expect(response.status).toBe(400);
    const paths = response.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain("line 6");
    expect(paths.some((p: string) => p.endsWith("config.llm.maxRounds"))).toBe(true);
    expect((await services.repo.listEpisodes()).length).toBe(before);
    expect(
      (await call(importRoute.POST, {}, { raw: '{"kind":"manifest","format":"other/2"}' })).status,
    ).toBe(400);
  });
});
