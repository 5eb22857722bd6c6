import "server-only";
import { languageModelFor } from "@/lib/ai/providers";
import { getDatabase } from "@/lib/db/instance";
import { createRepository, type Repository } from "@/lib/db/repository";
import { env } from "@/lib/env.mjs";
import { RunManager } from "./run-manager";
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
    const runs = new RunManager(repo, { modelFor: (llm) => languageModelFor(llm, { apiKey: env.LLM_API_KEY, baseUrl: env.LLM_BASE_URL }), meter: usageMeter(repo) });
    // Experiments left running by a dead process carry on (their interrupted rooms resume).
    void experimentRunnerFor({ repo, runs }).resumeAll().catch(() => undefined);
    return { repo, runs };
  })();
  holder.services.catch(() => (holder.services = undefined));
  return holder.services;
}

/** The seam for tests and benchmarks: run the API on a database and run manager of their choosing. */
export function provideServices(services: Services | undefined): void {
  holder.services = services ? Promise.resolve(services) : undefined;
}
