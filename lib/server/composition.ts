import "server-only";
import { getDatabase } from "@/lib/db/instance";
import { createRepository, type Repository } from "@/lib/db/repository";
import { guardedModels } from "@/lib/security/provider-guard";
import { limitsFromEnv } from "@/lib/security/settings";
import { TokenBudget } from "@/lib/security/token-budget";
import { onShutdown } from "@/lib/server/lifecycle";
import { RunManager } from "@/lib/runs/run-manager";
import { experimentRunnerFor } from "@/lib/experiments/runner";
import { usageMeter } from "@/lib/experiments/usage-meter";

export type Services = { repo: Repository; runs: RunManager };

type Holder = { services?: Promise<Services> };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.services")] ??= {});

/** Storage and the run manager, created on first use; runs left `running` by a dead process become `interrupted`. */
export function getServices(): Promise<Services> {
  holder.services ??= (async () => {
    const repo = createRepository(await getDatabase());
    await repo.markInterrupted();
    const limits = limitsFromEnv();
    const runs = new RunManager(repo, { ...guardedModels(new TokenBudget(limits.tokenBudgetPerEpisode)), limits, meter: usageMeter(repo) });
    // Experiments left running by a dead process carry on (their interrupted rooms resume).
    void experimentRunnerFor({ repo, runs }).resumeAll().catch(() => undefined);
    onShutdown("runs", async (signal) => void (await runs.interruptAll(signal)));
    return { repo, runs };
  })();
  holder.services.catch(() => (holder.services = undefined));
  return holder.services;
}

/** The seam for tests and benchmarks: run the API on a database and run manager of their choosing. */
export function provideServices(services: Services | undefined): void {
  holder.services = services ? Promise.resolve(services) : undefined;
}
