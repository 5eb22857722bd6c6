import "server-only";
import type pg from "pg";

export const CONTROLS_CHANNEL = "mams_room_controls";
export const CONTROL_DONE_CHANNEL = "mams_control_done";

export type ControlResult = { ok: true } | { ok: false; error: unknown };
export type StoredControl = { id: number; control: Record<string, unknown> };
/** One connection's statements; inside `transaction` pg-boss takes it as `db`, so its job is written in the same transaction. */
export type SqlExecutor = {
  executeSql(text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
};
/** pg-boss's own tables (its default schema). */
const JOBS_TABLE = "pgboss.job";

/**
 * Scale-out state kept beside the rooms (PostgreSQL only): run leases with heartbeats, and the
 * controls table through which stop / force decision / messages reach a runner on another instance.
 */
export function clusterStore(pool: pg.Pool, leaseSeconds: number) {
  const onPool: SqlExecutor = { executeSql: (text, values) => pool.query(text, values) };
  const rows = async <T>(text: string, values: unknown[], db = onPool) =>
    (await db.executeSql(text, values)).rows as T[];
  return {
    /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
    transaction: async <T>(work: (db: SqlExecutor) => Promise<T>) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A checked-out client has no listener of the pool's: a connection lost between statements would be uncaught.
      const lost = (error: Error) => (broken = error);
      client.on("error", lost);
      try {
        await client.query("BEGIN");
        const result = await work({ executeSql: (text, values) => client.query(text, values) });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((failed: Error) => (broken = failed));
        throw error;
      } finally {
        // A broken client is closed by the pool and may still report its socket's end: it keeps the listener.
        if (!broken) client.off("error", lost);
        client.release(broken);
      }
    },

    /** Claims the room's run; false while another runner's lease is live. Returns the instance taken over from. */
    acquireLease: async (roomId: string, lease: string, jobId: string) =>
      (
        await rows<{ taken_over_from: string | null }>(
          `WITH old AS (SELECT id, taken_over_from FROM rooms WHERE id = $1 AND (lease_owner IS NULL OR lease_until < now()) FOR UPDATE)
           UPDATE rooms SET lease_owner = $2, lease_until = now() + make_interval(secs => $3), job_id = $4, taken_over_from = NULL
           FROM old WHERE rooms.id = old.id
           RETURNING old.taken_over_from`,
          [roomId, lease, leaseSeconds, jobId],
        )
      )[0],

    /** Heartbeat: renews the given leases; returns those still held. */
    renewLeases: async (leases: string[]) =>
      leases.length
        ? (
            await rows<{ lease_owner: string }>(
              `UPDATE rooms SET lease_until = now() + make_interval(secs => $2) WHERE lease_owner = ANY($1) RETURNING lease_owner`,
              [leases, leaseSeconds],
            )
          ).map((row) => row.lease_owner)
        : [],

    /** With `handover` the next runner is told the run moved here from a shut-down instance. */
    releaseLease: async (roomId: string, lease: string, handover = false) =>
      void (await pool.query(
        `UPDATE rooms SET lease_owner = NULL, lease_until = NULL, taken_over_from = CASE WHEN $3 THEN 'handover:' || split_part(lease_owner, '/', 1) ELSE taken_over_from END
         WHERE id = $1 AND lease_owner = $2`,
        [roomId, lease, handover],
      )),

    /** Expired leases of running rooms (their runner died): freed at most once, by whichever instance gets here first. */
    reapExpired: async () =>
      rows<{ id: string; job_id: string | null; taken_over_from: string }>(
        `UPDATE rooms SET taken_over_from = lease_owner, lease_owner = NULL, lease_until = NULL
         WHERE status = 'running' AND lease_owner IS NOT NULL AND lease_until < now()
         RETURNING id, job_id, taken_over_from`,
        [],
      ),

    /** The live lease of the room, if any. */
    liveLease: async (roomId: string) =>
      (
        await rows<{ lease_owner: string }>(
          `SELECT lease_owner FROM rooms WHERE id = $1 AND lease_owner IS NOT NULL AND lease_until > now()`,
          [roomId],
        )
      )[0]?.lease_owner,

    /** Marks the room running unless it already is: the cluster-wide "start is idempotent". In `db`'s transaction, with the job. */
    claimStart: async (roomId: string, startedAt: string | null, db: SqlExecutor) =>
      (
        await rows<{ id: string }>(
          `UPDATE rooms SET status = 'running', started_at = COALESCE($2, started_at, now()), error = NULL, ended_at = NULL WHERE id = $1 AND status <> 'running' RETURNING id`,
          [roomId, startedAt],
          db,
        )
      ).length > 0,

    /** Running rooms nobody holds and no job waits for (at most an active one, whose runner has no lease yet or any more). */
    unclaimedRuns: async (queue: string) =>
      (
        await rows<{ id: string }>(
          `SELECT r.id FROM rooms r WHERE r.status = 'running' AND r.lease_owner IS NULL AND NOT EXISTS (
             SELECT 1 FROM ${JOBS_TABLE} j WHERE j.name = $1 AND j.singleton_key = r.id AND j.state IN ('created', 'retry')
           )`,
          [queue],
        )
      ).map((row) => row.id),

    /**
     * In `db`'s transaction: locks the room if it is still running with no lease (so no runner takes it meanwhile)
     * and returns its live jobs, read after the lock (a job sent by whoever held it before is seen).
     */
    lockUnclaimed: async (db: SqlExecutor, roomId: string, queue: string) => {
      const [room] = await rows<{ id: string }>(
        `SELECT id FROM rooms WHERE id = $1 AND status = 'running' AND lease_owner IS NULL FOR UPDATE`,
        [roomId],
        db,
      );
      if (!room) return undefined;
      return rows<{ id: string; state: "created" | "retry" | "active" }>(
        `SELECT id, state FROM ${JOBS_TABLE} WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active')`,
        [queue, roomId],
        db,
      );
    },

    notify: async (channel: string, payload: string) =>
      void (await pool.query(`SELECT pg_notify($1, $2)`, [channel, payload])),

    addControl: async (roomId: string, control: Record<string, unknown>) => {
      const [row] = await rows<{ id: number }>(
        `INSERT INTO room_controls (room_id, control) VALUES ($1, $2) RETURNING id`,
        [roomId, control],
      );
      await pool.query(`SELECT pg_notify($1, $2)`, [CONTROLS_CHANNEL, roomId]);
      return row!.id;
    },

    /** The oldest unclaimed control of the room, now claimed by `by`: each is applied once, in order. */
    claimNextControl: async (roomId: string, by: string) =>
      (
        await rows<StoredControl>(
          `UPDATE room_controls SET claimed_by = $2 WHERE id = (
             SELECT id FROM room_controls WHERE room_id = $1 AND claimed_by IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
           ) RETURNING id, control`,
          [roomId, by],
        )
      )[0],

    /** The requester takes its own control back when no runner claimed it (the run ended or died meanwhile). */
    claimControl: async (id: number, by: string) =>
      (
        await rows<{ id: number }>(
          `UPDATE room_controls SET claimed_by = $2 WHERE id = $1 AND claimed_by IS NULL RETURNING id`,
          [id, by],
        )
      ).length > 0,

    finishControl: async (id: number, result: ControlResult) => {
      await pool.query(`UPDATE room_controls SET result = $2, done_at = now() WHERE id = $1`, [
        id,
        result,
      ]);
      await pool.query(`SELECT pg_notify($1, $2)`, [CONTROL_DONE_CHANNEL, String(id)]);
    },

    controlResult: async (id: number) =>
      (
        await rows<{ result: ControlResult | null }>(
          `SELECT result FROM room_controls WHERE id = $1`,
          [id],
        )
      )[0]?.result ?? undefined,
  };
}

export type ClusterStore = ReturnType<typeof clusterStore>;
