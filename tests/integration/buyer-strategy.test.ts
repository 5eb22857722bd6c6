import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as experimentsRoute from "@/app/api/experiments/route";
import { BUYER_STRATEGIES, type EpisodeConfig } from "@/lib/domain/schemas";
import { buyerTurnContext, decisionContext, sellerTurnContext } from "@/lib/engine/contexts";
import { STRATEGY_GUIDE } from "@/lib/engine/persona";
import { renderPrompt } from "@/lib/engine/prompts";
import { initialState } from "@/lib/engine/room-state";
import { canonicalTranscript } from "@/lib/experiments/transcript";
import { armConfig, experimentSpecSchema } from "@/lib/experiments/spec";
import { roomSetup } from "@/lib/runs/room-setup";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";

let services: Awaited<ReturnType<typeof apiServices>>;
beforeEach(async () => void (services = await apiServices()), 60_000);
afterEach(async () => {
  provideServices(undefined);
  await services.handle.close();
});

const arm = (label: string, buyerStrategy?: string) => ({
  label,
  provider: "simulated",
  model: "mams-sim-1",
  temperature: 0.7,
  ...(buyerStrategy && { buyerStrategy }),
});
const spec = (arms: ReturnType<typeof arm>[]) => ({
  name: "buyer strategies",
  scenario: { kind: "config", config: configWith() },
  arms,
  seeds: [3, 4],
  maxRounds: 6,
});

/** Runs every negotiable room of a fresh episode through the run manager (simulated provider, the real agents). */
async function run(
  config: EpisodeConfig,
): Promise<{ transcripts: string[]; prices: (number | undefined)[] }> {
  const { rooms } = await services.repo.createEpisode(config);
  const open = rooms.filter((r) => r.status === "planned");
  await Promise.all(open.map((r) => services.runs.start(r.id, "start")));
  await Promise.all(open.map((r) => services.runs.settled(r.id)));
  const logs = await Promise.all(open.map((r) => services.repo.listEvents(r.id)));
  return {
    transcripts: logs.map(canonicalTranscript),
    prices: logs.map((events) => {
      const done = events.find((e) => e.type === "room_completed") as
        | { outcome?: { price?: number } }
        | undefined;
      return done?.outcome?.price;
    }),
  };
}

describe("buyer strategy as an arm setting", () => {
  it("is stored in the arm's episode configuration; an arm without one stays as before", () => {
    const parsed = experimentSpecSchema.parse(spec([arm("default"), arm("anchor", "anchor_low")]));
    expect(armConfig(parsed, 0, 3).buyer).not.toHaveProperty("strategy");
    expect(armConfig(parsed, 1, 3).buyer.strategy).toBe("anchor_low");
    expect(armConfig(parsed, 1, 3).buyer.items).toEqual(armConfig(parsed, 0, 3).buyer.items);
  });

  it("two arms differing only in strategy give different transcripts and prices on the simulated provider, same seeds; balanced equals unset", async () => {
    const parsed = experimentSpecSchema.parse(
      spec([
        arm("default"),
        arm("balanced", "balanced"),
        arm("anchor", "anchor_low"),
        arm("quick", "quick_close"),
        arm("patient", "patient"),
      ]),
    );
    for (const seed of parsed.seeds) {
      const [unset, balanced, anchor, quick, patient] = await Promise.all(
        [0, 1, 2, 3, 4].map((i) => run(armConfig(parsed, i, seed))),
      );
      expect(balanced!.transcripts).toEqual(unset!.transcripts);
      for (const other of [anchor!, quick!, patient!])
        expect(other.transcripts).not.toEqual(unset!.transcripts);
      expect(anchor!.transcripts.join("")).toMatch(/pay around \$\d/);
      // quick_close takes the first offer within budget: it never pays less than the patient buyer.
      quick!.prices.forEach((price, i) => {
        if (price !== undefined && patient!.prices[i] !== undefined)
          expect(price).toBeGreaterThanOrEqual(patient!.prices[i]!);
      });
      expect(quick!.prices).not.toEqual(patient!.prices);
    }
  }, 180_000);

  it("the strategy's instruction reaches the buyer's prompts and never a seller's; balanced leaves the prompt unchanged", async () => {
    const { rooms } = await services.repo.createEpisode(configWith());
    const base = configWith();
    const room = rooms.find((r) => r.position === 0)!;
    const prompts = (strategy?: (typeof BUYER_STRATEGIES)[number]) => {
      const config = { ...base, buyer: { ...base.buyer, ...(strategy && { strategy }) } };
      const state = initialState(roomSetup(room, config));
      const sellers = state.setup.sellers.map((s) => sellerTurnContext(state, s.name));
      return {
        buyer: [renderPrompt(buyerTurnContext(state)), renderPrompt(decisionContext(state))].map(
          (p) => p.system + p.prompt,
        ),
        sellers: sellers.map((ctx) => ({
          text: renderPrompt(ctx).system + renderPrompt(ctx).prompt,
          ctx: JSON.stringify(ctx),
        })),
      };
    };
    const plain = prompts();
    expect(prompts("balanced")).toEqual(plain);
    for (const strategy of BUYER_STRATEGIES.filter((s) => s !== "balanced")) {
      const p = prompts(strategy);
      p.buyer.forEach((text) => expect(text).toContain(STRATEGY_GUIDE[strategy]));
      expect(p.sellers).toEqual(plain.sellers);
      p.sellers.forEach((s) => {
        expect(s.text).not.toContain(STRATEGY_GUIDE[strategy]);
        expect(s.ctx).not.toContain(strategy);
      });
      // The buyer still never learns a seller's cost or floor (Laptop: TechHub 650 / 820, GadgetWorld 640 / 780).
      p.buyer.forEach((text) => expect(text).not.toMatch(/\$(650|820|640|780)\.00/));
    }
  });

  it("refuses an unknown strategy with 400 naming the field, in an episode and in an arm", async () => {
    const episode = await call(
      episodesRoute.POST,
      {},
      { body: { ...configWith(), buyer: { ...configWith().buyer, strategy: "lowball" } } },
    );
    expect(episode.status).toBe(400);
    expect(episode.json.error.details.map((d: { path: string }) => d.path)).toContain(
      "buyer.strategy",
    );
    const experiment = await call(experimentsRoute.POST, {}, { body: spec([arm("a", "lowball")]) });
    expect(experiment.status).toBe(400);
    expect(experiment.json.error.details.map((d: { path: string }) => d.path)).toContain(
      "arms.0.buyerStrategy",
    );
  });
});
