import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/lib/db/client";
import { scaleDatabase } from "../shared/scale-cluster";
import { startSentry } from "./support/sentry-harness";
import { TEST_DATABASE_URL } from "./support/test-db";

// A database restart or failover drops the pool's idle connections. Without a listener for the pool's
// 'error' event, Node would end the process there; Vitest fails the file on such an uncaught error.
describe.skipIf(!TEST_DATABASE_URL)("a PostgreSQL connection lost while idle", () => {
  let handle: DbHandle | undefined;
  let admin: pg.Client | undefined;
  afterAll(async () => {
    await admin?.end();
    await handle?.close();
  });

  it("is reported once as a warning, leaves the process running, and the next query gets a new connection", async () => {
    const sentry = await startSentry();
    const database = await scaleDatabase("mams_pool_errors");
    handle = await openDatabase({ databaseUrl: database.url });
    await handle.pool!.query("SELECT 1"); // one idle connection in the pool
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    expect(killed.rowCount).toBeGreaterThan(0);

    await expect
      .poll(async () => (await sentry.events()).filter((e) => e.tags?.["db.connection"]).length, {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const [event, ...more] = (await sentry.events()).filter((e) => e.tags?.["db.connection"]);
    expect(more).toEqual([]);
    expect(event!.level).toBe("warning");
    expect(event!.tags).toMatchObject({ "error.code": "DATABASE_ERROR", "db.connection": "idle" });
    expect(JSON.stringify(event)).not.toContain(`${new URL(database.url).host}/mams_pool_errors`);

    const { rows } = await handle.pool!.query<{ ok: number }>("SELECT 1 AS ok");
    expect(rows[0]!.ok).toBe(1);
  });
});
