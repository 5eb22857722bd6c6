import "server-only";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import * as Sentry from "@sentry/nextjs";
import pg from "pg";
import { serverLog } from "@/lib/sentry/server/server-log";
import { acquireDataDirLock, resolveDataDir } from "./data-dir-lock";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbDriver = "pglite" | "postgres";
/** `pool` is there with PostgreSQL only: the scale-out queue, controls and LISTEN/NOTIFY share its server. */
export type DbHandle = {
  db: Database;
  driver: DbDriver;
  close: () => Promise<void>;
  pool?: pg.Pool;
};

const MIGRATION_LOCK = 4_823_117;

/** Instances starting side by side on one PostgreSQL migrate one after the other, not into each other. */
async function migrateLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "lib/db/migrations");

export type OpenOptions = {
  databaseUrl?: string;
  dataDir?: string;
  pglite?: PGlite;
  migrate?: boolean;
};

/** Same schema, same migrations: PostgreSQL through `pg` when DATABASE_URL is set, PGlite otherwise. */
export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection that drops (a database restart, a failover, a killed backend) is an 'error'
    // event on the pool: with no listener, Node ends the process. The pool replaces the connection on
    // the next query; the drop is worth knowing about, not worth dying for.
    pool.on("error", (error) => {
      serverLog.warn("database connection lost while idle; the pool opens a new one", {
        "error.message": error.message,
      });
      Sentry.captureException(error, {
        level: "warning",
        tags: { "error.code": "DATABASE_ERROR", "db.connection": "idle" },
      });
    });
    const db = drizzlePg(pool, { schema });
    if (options.migrate !== false) await migrateLocked(pool);
    return { db: db as unknown as Database, driver: "postgres", close: () => pool.end(), pool };
  }
  if (options.pglite) {
    const db = drizzlePglite(options.pglite, { schema });
    if (options.migrate !== false) await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db: db as unknown as Database,
      driver: "pglite",
      close: () => options.pglite!.close(),
    };
  }
  const dataDir = resolveDataDir(options.dataDir);
  const release = acquireDataDirLock(dataDir);
  try {
    const client = new PGlite(path.join(/* turbopackIgnore: true */ dataDir, "pglite"));
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db: db as unknown as Database,
      driver: "pglite",
      close: async () => {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
