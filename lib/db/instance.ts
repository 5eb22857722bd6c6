import "server-only";
import { env } from "@/lib/env.mjs";
import { openDatabase, type DbHandle } from "./client";

type Holder = { handle?: Promise<DbHandle>; hooked?: boolean };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.db")] ??= {});

/** The process-wide database, opened lazily (never at build time) and closed on shutdown. */
export function getDatabase(): Promise<DbHandle> {
  if (!holder.handle) {
    holder.handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.MAMS_DATA_DIR });
    holder.handle.catch(() => (holder.handle = undefined));
    if (!holder.hooked) {
      holder.hooked = true;
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => void closeDatabase().finally(() => process.exit(0)));
      }
    }
  }
  return holder.handle;
}

export async function closeDatabase(): Promise<void> {
  const pending = holder.handle;
  holder.handle = undefined;
  if (pending) await (await pending).close();
}
