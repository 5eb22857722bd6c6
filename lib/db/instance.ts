import "server-only";
import { env } from "@/lib/config/env.mjs";
import { AppError } from "@/lib/errors/app-error";
import { isDraining, onShutdown } from "@/lib/server/lifecycle";
import { openDatabase, type DbHandle } from "./client";

type Holder = { handle?: Promise<DbHandle>; hooked?: boolean };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.db")] ??= {});

/** The process-wide database, opened lazily (never at build time) and closed last by the graceful shutdown. */
export function getDatabase(): Promise<DbHandle> {
  if (!holder.handle) {
    if (isDraining())
      return Promise.reject(new AppError("SHUTTING_DOWN", "The server is shutting down"));
    holder.handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.MAMS_DATA_DIR });
    holder.handle.catch(() => (holder.handle = undefined));
    if (!holder.hooked) {
      holder.hooked = true;
      onShutdown("database", () => closeDatabase());
    }
  }
  return holder.handle;
}

export async function closeDatabase(): Promise<void> {
  const pending = holder.handle;
  holder.handle = undefined;
  if (pending) await (await pending).close();
}
