import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as summaryRoute from "@/app/api/episodes/[id]/summary/route";
import { EpisodeSummary } from "@/components/episode/episode-summary";
import { money } from "@/components/ui/primitives";
import { loadSummary } from "@/lib/server/read-models/queries";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "../integration/support/api-harness";
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

describe("the summary page's component", () => {
  it("shows what the summary API reports: totals, one row per purchase, what was not bought, the way back", async () => {
    const { episode, rooms } = await services.repo.createEpisode(
      configWith({ seed: 5, maxRounds: 3 }),
    );
    for (const room of rooms.filter((r) => r.status === "planned")) {
      await services.runs.start(room.id, "start");
      await services.runs.settled(room.id);
    }
    const api = (await call(summaryRoute.GET, { id: episode.id })).json;
    const html = renderToStaticMarkup(createElement(EpisodeSummary, await loadSummary(episode.id)));
    expect(html).toContain(`href="/episodes/${episode.id}"`);
    expect(text(html, "total-spent")).toBe(money(api.totals.spent));
    expect(text(html, "total-bought")).toBe(`${api.totals.bought} of ${api.totals.items}`);
    expect(html.match(/data-testid="purchase-row"/g) ?? []).toHaveLength(api.purchases.length);
    expect(api.purchases.length + api.failed.length).toBeGreaterThan(0);
    for (const failed of api.failed) expect(html).toContain(failed.item);
  }, 120_000);
});
