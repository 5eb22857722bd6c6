import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as roomRoute from "@/app/api/rooms/[roomId]/route";
import { RoomScreen } from "@/components/room/room-screen";
import { formatCost, UsageLine } from "@/components/room/usage-line";
import { loadRoom } from "@/lib/server/read-models/queries";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";

let services: Awaited<ReturnType<typeof apiServices>>;
beforeEach(async () => void (services = await apiServices()), 60_000);
afterEach(async () => {
  provideServices(undefined);
  await services.handle.close();
});

const text = (html: string, testId: string) =>
  new RegExp(`data-testid="${testId}"[^>]*>([^<]*(?:<!-- -->[^<]*)*)<`)
    .exec(html)?.[1]
    ?.replace(/<!-- -->/g, "");

describe("tokens and cost in the room view", () => {
  it("shows tokens, 'estimated' when so, and cost; sub-cent costs keep their digits", () => {
    const html = renderToStaticMarkup(
      createElement(UsageLine, {
        usage: {
          calls: 12,
          inputTokens: 3400,
          outputTokens: 600,
          estimated: true,
          costUsd: 0.0042,
        },
      }),
    );
    expect(text(html, "room-tokens")).toBe("4,000 tokens (3,400 in / 600 out, 12 calls)");
    expect(html).toContain('data-testid="room-tokens-estimated"');
    expect(text(html, "room-cost")).toBe("cost $0.0042");
    const exact = renderToStaticMarkup(
      createElement(UsageLine, {
        usage: { calls: 1, inputTokens: 10, outputTokens: 5, estimated: false, costUsd: 1.5 },
      }),
    );
    expect(exact).not.toContain("estimated");
    expect(text(exact, "room-cost")).toBe("cost $1.50");
    expect(formatCost(0)).toBe("$0.00");
  });

  it("a run room's page shows the usage the room API reports; a room not yet run shows none", async () => {
    const { episode, rooms } = await services.repo.createEpisode(
      configWith({ seed: 5, maxRounds: 3 }),
    );
    const room = rooms.find((r) => r.status === "planned")!;
    const before = await loadRoom(episode.id, room.id);
    expect(renderToStaticMarkup(createElement(RoomScreen, before))).not.toContain(
      'data-testid="room-usage"',
    );
    await services.runs.start(room.id, "start");
    await services.runs.settled(room.id);
    const api = await call(roomRoute.GET, { roomId: room.id });
    const usage = api.json.room.usage;
    expect(usage.calls).toBeGreaterThan(0);
    const html = renderToStaticMarkup(
      createElement(RoomScreen, await loadRoom(episode.id, room.id)),
    );
    expect(text(html, "room-tokens")).toContain(
      `${(usage.inputTokens + usage.outputTokens).toLocaleString("en-US")} tokens`,
    );
    expect(html.includes('data-testid="room-tokens-estimated"')).toBe(usage.estimated);
    expect(text(html, "room-cost")).toBe(`cost ${formatCost(usage.costUsd)}`);
  }, 60_000);
});
