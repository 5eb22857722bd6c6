import "server-only";
import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/config/env.mjs";
import { acquireDataDirLock, resolveDataDir } from "@/lib/db/data-dir-lock";
import { serverLog } from "@/lib/sentry/server/server-log";
import { onShutdown } from "./lifecycle";

/**
 * The embedded database is opened on first use, so without this a second server on the same MAMS_DATA_DIR
 * would start, answer health checks and fail every request that reads data. Claiming the directory at
 * start-up makes it exit at once, naming the directory and the process that holds it. Held until shutdown.
 */
export async function claimDataDirAtStart(
  proc: Pick<NodeJS.Process, "exit"> = process,
): Promise<void> {
  if (env.DATABASE_URL) return;
  const dir = resolveDataDir(env.MAMS_DATA_DIR);
  try {
    onShutdown("database", acquireDataDirLock(dir));
  } catch (error) {
    serverLog.error(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    Sentry.captureException(error, { level: "fatal" });
    await Sentry.flush(1_000).catch(() => false);
    proc.exit(1);
  }
}
