import "server-only";
import { withUsage } from "@/lib/ai/usage-model";
import { labFor } from "@/lib/db/lab-repository";
import type { Repository } from "@/lib/db/repository";
import type { UsageMeter } from "@/lib/runs/run-types";
import { costUsd, priceFor } from "./prices";

/** Records every call's tokens and cost (from the price table) and stops a run once its episode's or experiment's budget is spent. */
export function usageMeter(repo: Repository): UsageMeter {
  const lab = labFor(repo);
  const experimentBudget = async (episodeId: string) => {
    const source = await lab.getSource(episodeId);
    if (source?.kind !== "experiment") return undefined;
    const spec = (await lab.getExperiment(source.experimentId))?.spec as
      | { budgetUsd?: number }
      | undefined;
    return spec?.budgetUsd === undefined
      ? undefined
      : { id: source.experimentId, budgetUsd: spec.budgetUsd };
  };
  return {
    wrap(model, { roomId, episodeId, llm }, stop) {
      const experiment = experimentBudget(episodeId);
      const exceeded = async () => {
        if (llm.budgetUsd !== undefined && (await lab.episodeCost(episodeId)) >= llm.budgetUsd)
          return true;
        const e = await experiment;
        return e !== undefined && (await lab.experimentCost(e.id)) >= e.budgetUsd;
      };
      const check = async () => {
        if (await exceeded()) {
          stop();
          throw new Error("budget_exceeded");
        }
      };
      return withUsage(model, {
        beforeCall: check,
        onUsage: async (usage) => {
          const price = priceFor(llm.provider, llm.model, await lab.listPrices());
          await lab.recordUsage({
            roomId,
            ...usage,
            costUsd: costUsd(price, usage.inputTokens, usage.outputTokens),
          });
        },
      });
    },
  };
}
