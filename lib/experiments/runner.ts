import "server-only";
import { randomUUID } from "node:crypto";
import * as Sentry from "@sentry/nextjs";
import type { ExperimentProgressEvent } from "@/lib/domain/stream-events";
import type { ExperimentRunRow } from "@/lib/db/experiment-store";
import { labFor } from "@/lib/db/lab-repository";
import type { Repository } from "@/lib/db/repository";
import type { RunManager } from "@/lib/runs/run-manager";
import { serverLog } from "@/lib/sentry/server/server-log";
import {
  driverInstance,
  fenced,
  LeaseLost,
  type Driver,
  type ExperimentLeases,
} from "./driver-leases";
import { runExperimentRun } from "./experiment-run";
import { publishProgress } from "./progress-bus";
import { experimentSpecSchema, type ExperimentSpec } from "./spec";

export const FINISHED = new Set(["completed", "failed", "budget_exceeded"]);

export function progressOf(
  status: ExperimentProgressEvent["status"],
  runs: readonly Pick<ExperimentRunRow, "status">[],
): ExperimentProgressEvent {
  return {
    type: "experiment_progress",
    status,
    total: runs.length,
    done: runs.filter((r) => FINISHED.has(r.status)).length,
    running: runs.filter((r) => r.status === "running").length,
    failed: runs.filter((r) => r.status === "failed").length,
  };
}

/** The progress as stored, what a viewer on any instance is shown; undefined for an unknown experiment. */
export async function storedProgress(
  repo: Repository,
  experimentId: string,
): Promise<ExperimentProgressEvent | undefined> {
  const lab = labFor(repo);
  const experiment = await lab.getExperiment(experimentId);
  return experiment && progressOf(experiment.status, await lab.listExperimentRuns(experimentId));
}

async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * Runs an experiment's arms × seeds through the run manager, at most `concurrency` episodes at a
 * time. All state is in storage (experiment_runs), so after a restart `resumeAll` carries on. With
 * `leases` (PostgreSQL, several instances) one instance drives each experiment, its writes fenced by its
 * lease, and a periodic sweep takes over experiments whose driver died (`startSweeping`).
 */
export class ExperimentRunner {
  private readonly driving = new Map<string, Driver>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: Repository,
    private readonly runs: RunManager,
    private readonly leases?: ExperimentLeases,
  ) {}

  async create(spec: ExperimentSpec) {
    const pairs = spec.arms.flatMap((_arm, arm) => spec.seeds.map((seed) => ({ arm, seed })));
    const experiment = await labFor(this.repo).createExperiment(
      spec.name,
      spec as unknown as Record<string, unknown>,
      pairs,
    );
    void this.drive(experiment.id);
    return experiment;
  }

  /** Idempotent: one driver per experiment in this process, and with `leases` across instances. */
  drive(experimentId: string): Promise<void> {
    return this.begin(experimentId).done;
  }

  /** At start-up and on every sweep: each experiment still `running` that nobody drives continues here. */
  async resumeAll(): Promise<number> {
    const pending = await labFor(this.repo).listRunningExperiments();
    const held = await Promise.all(pending.map((experiment) => this.begin(experiment.id).held));
    return held.filter(Boolean).length;
  }

  /** For tests and shutdown: resolves when the experiment's driver (if any) has finished. */
  async settled(experimentId: string): Promise<void> {
    await this.driving.get(experimentId)?.done;
  }

  /** Scale-out: renews this instance's leases (a driver whose lease was lost stops) and takes over orphans. */
  startSweeping(): void {
    if (!this.leases || this.sweeper) return;
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), this.leases.tickMs);
    this.sweeper.unref();
  }

  /** Shutdown: drivers stop where they stand and write nothing more; their leases are freed for another instance. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    const drivers = [...this.driving.values()];
    for (const driver of drivers) driver.controller.abort();
    await Promise.allSettled(drivers.map((driver) => driver.done));
  }

  private async sweep(): Promise<void> {
    const held = [...this.driving.values()].filter((driver) => driver.lease);
    const renewed = new Set(await this.leases!.renew(held.map((driver) => driver.lease!)));
    for (const driver of held)
      if (!renewed.has(driver.lease!)) driver.controller.abort(new LeaseLost());
    await this.resumeAll();
  }

  private begin(experimentId: string): Driver {
    const existing = this.driving.get(experimentId);
    if (existing) return existing;
    let decide: (held: boolean) => void = () => undefined;
    const driver: Driver = {
      controller: new AbortController(),
      held: new Promise<boolean>((resolve) => (decide = resolve)),
      done: Promise.resolve(),
    };
    this.driving.set(experimentId, driver);
    driver.done = this.lead(experimentId, driver, decide)
      .catch((error: unknown) => {
        if (driver.controller.signal.aborted) return;
        Sentry.captureException(error, {
          tags: { experiment_id: experimentId, "error.code": "EXPERIMENT_FAILED" },
        });
      })
      .finally(() => {
        decide(false);
        if (this.driving.get(experimentId) === driver) this.driving.delete(experimentId);
      });
    return driver;
  }

  private async lead(experimentId: string, driver: Driver, decide: (held: boolean) => void) {
    if (this.leases) {
      const lease = `${this.leases.instance}/${randomUUID()}`;
      // A database that does not answer now is asked again by the next sweep.
      const taken = await this.leases.acquire(experimentId, lease).catch(() => undefined);
      if (!taken) return decide(false);
      driver.lease = lease;
      if (taken.previous)
        serverLog.warn("experiment driver presumed dead: this instance takes the experiment over", {
          experiment_id: experimentId,
          previous_instance: driverInstance(taken.previous),
          instance: this.leases.instance,
        });
    }
    decide(true);
    try {
      await this.execute(experimentId, driver);
    } finally {
      if (driver.lease)
        await this.leases!.release(experimentId, driver.lease).catch(() => undefined);
    }
  }

  private async announce(
    experimentId: string,
    status: ExperimentProgressEvent["status"] = "running",
  ) {
    publishProgress(
      experimentId,
      progressOf(status, await labFor(this.repo).listExperimentRuns(experimentId)),
    );
  }

  private async execute(experimentId: string, driver: Driver): Promise<void> {
    const lab = labFor(this.repo);
    const { signal } = driver.controller;
    const experiment = await lab.getExperiment(experimentId);
    if (experiment?.status !== "running") return;
    const spec = experimentSpecSchema.parse(experiment.spec);
    const todo = (await lab.listExperimentRuns(experimentId)).filter(
      (r) => !FINISHED.has(r.status),
    );
    await eachBounded(todo, spec.concurrency, signal, (run) =>
      runExperimentRun(
        { repo: this.repo, runs: this.runs, announce: () => this.announce(experimentId) },
        driver,
        spec,
        run,
      )
        .catch(async (error: unknown) => {
          if (signal.aborted) return;
          Sentry.captureException(error, {
            tags: { experiment_id: experimentId, arm: spec.arms[run.arm]!.label },
          });
          const key = { experimentId, arm: run.arm, seed: run.seed };
          await fenced(driver, lab.updateExperimentRun(key, { status: "failed" }, driver.lease));
        })
        .catch(() => undefined),
    );
    if (signal.aborted) return;
    // A run left unfinished (its room cut off) is carried on by the next driver, not counted as done.
    if (!(await lab.listExperimentRuns(experimentId)).every((r) => FINISHED.has(r.status))) return;
    await fenced(
      driver,
      lab.updateExperiment(
        experimentId,
        { status: "completed", endedAt: new Date().toISOString() },
        driver.lease,
      ),
    );
    await this.announce(experimentId, "completed");
  }
}

const runners = new WeakMap<RunManager, ExperimentRunner>();

/** One runner per run manager (per process, per test database); `leases` are taken on the first call. */
export function experimentRunnerFor(
  services: { repo: Repository; runs: RunManager },
  leases?: ExperimentLeases,
): ExperimentRunner {
  let runner = runners.get(services.runs);
  if (!runner)
    runners.set(
      services.runs,
      (runner = new ExperimentRunner(services.repo, services.runs, leases)),
    );
  return runner;
}
