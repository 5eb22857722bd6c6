import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type DbHandle } from "@/lib/db/client";

let template: Promise<Blob> | undefined;

/** The migrated data directory: saved once per run by the project's global setup (pglite-template.ts). */
async function migratedDataDir(): Promise<Blob> {
  const saved = inject("pgliteTemplate");
  if (saved) return new Blob([readFileSync(saved)]);
  const base = new PGlite();
  await openDatabase({ pglite: base });
  return base.dumpDataDir("none");
}

/** PGlite in memory, a fresh copy of the migrated template for each test (fast and isolated). */
export async function pgliteTestDatabase(): Promise<DbHandle> {
  template ??= migratedDataDir();
  const pglite = new PGlite({ loadDataDir: await template });
  return openDatabase({ pglite, migrate: false });
}

/** A real PostgreSQL (TEST_DATABASE_URL): a fresh schema for each test. */
export async function postgresTestDatabase(url: string): Promise<DbHandle> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(
    "DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS drizzle CASCADE; CREATE SCHEMA public;",
  );
  await admin.end();
  return openDatabase({ databaseUrl: url });
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** The drivers the storage suite runs on: always PGlite, and PostgreSQL when CI provides one. */
export const DRIVERS: Array<[string, () => Promise<DbHandle>]> = [
  ["pglite", pgliteTestDatabase],
  ...(TEST_DATABASE_URL
    ? ([["postgres", () => postgresTestDatabase(TEST_DATABASE_URL)]] as Array<
        [string, () => Promise<DbHandle>]
      >)
    : []),
];
