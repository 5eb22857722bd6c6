import "server-only";
import { env } from "@/lib/config/env.mjs";
import { serverLog } from "@/lib/sentry/server/server-log";
import { getServices } from "./composition";

/**
 * With PostgreSQL every instance claims queued runs and takes over dead instances' runs from the moment it
 * starts, not from its first request (an instance behind a proxy may get none for a while). A database that
 * is not there yet is retried by the next request, as before.
 */
export function startClusterIfConfigured(): void {
  if (!env.DATABASE_URL) return;
  getServices().then(
    () => serverLog.info("scale-out: this instance claims runs from the PostgreSQL queue", {}),
    (error: unknown) =>
      serverLog.error("scale-out: could not start the run queue", {
        message: error instanceof Error ? error.message : String(error),
      }),
  );
}
