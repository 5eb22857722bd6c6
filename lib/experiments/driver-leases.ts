import "server-only";
import type { ExperimentLeaseStore } from "@/lib/db/experiment-lease-store";

/**
 * One driver per experiment across instances (PostgreSQL scale-out). Without it (the embedded database, one
 * process) the runner drives every running experiment of its process, as before.
 */
export type ExperimentLeases = ExperimentLeaseStore & {
  readonly instance: string;
  /** How often each instance renews its drivers' leases and looks for experiments nobody drives. */
  readonly tickMs: number;
};

/** The same bound as the rooms': a lease of two thirds of it, a heartbeat and a sweep six times per bound. */
export function experimentLeases(
  store: (leaseSeconds: number) => ExperimentLeaseStore,
  instance: string,
  takeoverSeconds: number,
): ExperimentLeases {
  return {
    ...store((takeoverSeconds * 2) / 3),
    instance,
    tickMs: Math.max(500, (takeoverSeconds * 1000) / 6),
  };
}

/** "<instance>/<driver id>" → "<instance>". */
export const driverInstance = (lease: string) =>
  lease.lastIndexOf("/") > 0 ? lease.slice(0, lease.lastIndexOf("/")) : lease;

/** This instance's driver of one experiment; `lease` only with scale-out. */
export type Driver = {
  controller: AbortController;
  /** Resolves once it is known whether this instance drives the experiment. */
  held: Promise<boolean>;
  done: Promise<void>;
  lease?: string;
};

/** A fenced write was refused: another instance drives the experiment now. */
export class LeaseLost extends Error {}

/** A write fenced by the driver's lease; refused means another driver took over, and this one stops. */
export async function fenced(driver: Driver, write: Promise<unknown>): Promise<void> {
  if (await write) return;
  driver.controller.abort(new LeaseLost());
  throw new LeaseLost();
}
