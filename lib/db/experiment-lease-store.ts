import "server-only";
import type pg from "pg";

/**
 * Experiment drivers' leases (PostgreSQL only), in the style of the rooms' run leases (cluster-store.ts):
 * "<instance>/<driver id>" in `experiments.lease_owner`, renewed by the driver's heartbeat; a lease that
 * expired belongs to a dead or frozen driver and is taken by the next instance that asks.
 */
export function experimentLeaseStore(pool: pg.Pool, leaseSeconds: number) {
  const rows = async <T>(text: string, values: unknown[]) =>
    (await pool.query(text, values)).rows as T[];
  return {
    /** The running experiment's lease, unless another driver's is live; `previous` names an expired owner taken over. */
    acquire: async (experimentId: string, lease: string) =>
      (
        await rows<{ previous: string | null }>(
          `WITH old AS (SELECT id, lease_owner FROM experiments WHERE id = $1 AND status = 'running' AND (lease_owner IS NULL OR lease_until < now()) FOR UPDATE)
           UPDATE experiments SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
           FROM old WHERE experiments.id = old.id
           RETURNING old.lease_owner AS previous`,
          [experimentId, lease, leaseSeconds],
        )
      )[0],

    /** Heartbeat: renews the given leases; returns those still held. */
    renew: async (leases: string[]) =>
      leases.length
        ? (
            await rows<{ lease_owner: string }>(
              `UPDATE experiments SET lease_until = now() + make_interval(secs => $2) WHERE lease_owner = ANY($1) RETURNING lease_owner`,
              [leases, leaseSeconds],
            )
          ).map((row) => row.lease_owner)
        : [],

    release: async (experimentId: string, lease: string): Promise<void> => {
      await pool.query(
        `UPDATE experiments SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`,
        [experimentId, lease],
      );
    },
  };
}

export type ExperimentLeaseStore = ReturnType<typeof experimentLeaseStore>;
