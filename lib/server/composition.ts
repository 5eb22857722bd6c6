import "server-only";
import { hostname } from "node:os";
import { env } from "@/lib/config/env.mjs";
import { clusterStore } from "@/lib/db/cluster-store";
import { getDatabase } from "@/lib/db/instance";
import { PgListener } from "@/lib/db/pg-listener";
import { createRepository, type Repository } from "@/lib/db/repository";
import { guardedModels } from "@/lib/security/provider-guard";
import { limitsFromEnv } from "@/lib/security/settings";
import { TokenBudget } from "@/lib/security/token-budget";
import { onShutdown } from "@/lib/server/lifecycle";
import { reportTakeover } from "@/lib/sentry/server/report-takeover";
import { RunManager } from "@/lib/runs/run-manager";
import { experimentLeaseStore } from "@/lib/db/experiment-lease-store";
import { experimentLeases, type ExperimentLeases } from "@/lib/experiments/driver-leases";
import { pgProgressBus } from "@/lib/experiments/pg-progress-bus";
import { setProgressBus } from "@/lib/experiments/progress-bus";
import { experimentRunnerFor, storedProgress } from "@/lib/experiments/runner";
import { usageMeter } from "@/lib/experiments/usage-meter";
import { pgEventBus } from "@/lib/runs/pg-event-bus";
import { pgRunQueue } from "@/lib/runs/pg-run-queue";
import { setEventBus } from "@/lib/runs/room-bus";

export type Services = { repo: Repository; runs: RunManager };

type Holder = { services?: Promise<Services> };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.services")] ??= {});

export const DEFAULT_TAKEOVER_SECONDS = 30;

/**
 * Storage and the run manager, created on first use. Embedded database (one process): runs left `running`
 * by a dead process become `interrupted`. PostgreSQL: runs are queue jobs any instance may claim, events
 * and experiment progress reach every instance's viewers, and a dead instance's runs are taken over, so
 * nothing is marked at start-up.
 */
export function getServices(): Promise<Services> {
  holder.services ??= (async () => {
    const handle = await getDatabase();
    const repo = createRepository(handle);
    const limits = limitsFromEnv();
    const base = {
      ...guardedModels(new TokenBudget(limits.tokenBudgetPerEpisode)),
      limits,
      meter: usageMeter(repo),
    };
    let runs: RunManager;
    let leases: ExperimentLeases | undefined;
    if (handle.driver === "postgres" && handle.pool && env.DATABASE_URL) {
      const takeoverSeconds = env.MAMS_TAKEOVER_SECONDS ?? DEFAULT_TAKEOVER_SECONDS;
      const instance = env.MAMS_INSTANCE_NAME ?? `${hostname()}-${process.pid}`;
      const pool = handle.pool;
      const listener = new PgListener(env.DATABASE_URL);
      await listener.start();
      // The lease lasts two thirds of the bound; the heartbeat and the reaper tick six times per bound.
      const store = clusterStore(pool, (takeoverSeconds * 2) / 3);
      setEventBus(
        await pgEventBus(listener, (roomId, afterSeq) => repo.listEvents(roomId, afterSeq)),
      );
      setProgressBus(
        await pgProgressBus(listener, {
          notify: store.notify,
          read: (experimentId) => storedProgress(repo, experimentId),
        }),
      );
      const queue = await pgRunQueue({
        connectionString: env.DATABASE_URL,
        store,
        listener,
        instance,
        takeoverSeconds,
        workers: limits.maxConcurrentRuns,
        maxQueued: limits.maxQueuedRuns,
      });
      runs = new RunManager(repo, { ...base, queue, onTakeover: reportTakeover });
      leases = experimentLeases(
        (seconds) => experimentLeaseStore(pool, seconds),
        instance,
        takeoverSeconds,
      );
      await queue.start(runs.host());
      onShutdown("database", async () => {
        await queue.close();
        await listener.close();
      });
    } else {
      await repo.markInterrupted();
      runs = new RunManager(repo, base);
    }
    // Experiments left running by a dead process carry on (their interrupted rooms resume). With PostgreSQL
    // one instance drives each, and every instance's sweep takes over those whose driver died.
    const experiments = experimentRunnerFor({ repo, runs }, leases);
    void experiments.resumeAll().catch(() => undefined);
    experiments.startSweeping();
    onShutdown("runs", async (signal) => {
      // Drivers stop first, so a room cut off by the shutdown is not recorded as a finished run.
      const stopped = experiments.stop();
      await runs.interruptAll(signal);
      await stopped;
    });
    return { repo, runs };
  })();
  holder.services.catch(() => (holder.services = undefined));
  return holder.services;
}

/** The seam for tests and benchmarks: run the API on a database and run manager of their choosing. */
export function provideServices(services: Services | undefined): void {
  holder.services = services ? Promise.resolve(services) : undefined;
}
