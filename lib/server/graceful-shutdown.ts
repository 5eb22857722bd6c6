import "server-only";
import * as Sentry from "@sentry/nextjs";
import { serverLog } from "@/lib/sentry/server/server-log";
import { beginDraining, isDraining, runShutdownPhase } from "./lifecycle";

export const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT"] as const;
type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];
const SIGNAL_NUMBER: Record<ShutdownSignal, number> = { SIGINT: 2, SIGTERM: 15 };

/** Bounds: live runs get this long to store `interrupted`, Sentry this long to send, the whole thing this long. */
export const SHUTDOWN_LIMITS = { runsMs: 3_000, flushMs: 2_000, totalMs: 10_000 };

type Listener = (signal: NodeJS.Signals) => void;
type ProcessLike = Pick<NodeJS.Process, "listeners" | "removeListener" | "on" | "exit">;
type Holder = { registered?: boolean };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.graceful-shutdown")] ??=
  {});

export const exitCodeFor = (signal: ShutdownSignal) => 128 + SIGNAL_NUMBER[signal];

function bounded(work: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

/**
 * The one shutdown path of the Node server, registered once from instrumentation.ts. `next start`
 * already listens for SIGTERM/SIGINT: it closes the HTTP server (waiting for open responses, which an
 * SSE stream never ends by itself) and exits 128+signal. Run side by side, its exit raced our flush, so
 * those listeners are taken over and run last, after ours; without them (NEXT_MANUAL_SIG_HANDLE, a custom
 * server) we exit ourselves with the same code.
 */
export function registerGracefulShutdown(proc: ProcessLike = process): void {
  if (holder.registered) return;
  holder.registered = true;
  for (const signal of SHUTDOWN_SIGNALS) {
    const handOver = proc.listeners(signal) as Listener[];
    for (const listener of handOver) proc.removeListener(signal, listener);
    proc.on(signal, () => void gracefulShutdown(signal, handOver, proc));
  }
}

/** Drain, end live runs as `interrupted`, close streams with a retry hint, flush Sentry, close the database, exit. */
export async function gracefulShutdown(
  signal: ShutdownSignal,
  handOver: Listener[] = [],
  proc: Pick<ProcessLike, "exit"> = process,
): Promise<void> {
  const code = exitCodeFor(signal);
  if (isDraining()) {
    // A second signal (Ctrl+C twice) means now.
    proc.exit(code);
    return;
  }
  beginDraining(signal);
  setTimeout(() => proc.exit(code), SHUTDOWN_LIMITS.totalMs).unref();
  const started = Date.now();
  serverLog.info("shutdown: draining, no new runs", { signal });
  await bounded(runShutdownPhase("runs", signal), SHUTDOWN_LIMITS.runsMs);
  await runShutdownPhase("streams", signal);
  serverLog.info("shutdown: runs ended and streams closed, flushing telemetry", {
    signal,
    elapsed_ms: Date.now() - started,
  });
  await Sentry.flush(SHUTDOWN_LIMITS.flushMs).catch(() => false);
  await bounded(runShutdownPhase("database", signal), SHUTDOWN_LIMITS.runsMs);
  if (handOver.length === 0) {
    proc.exit(code);
    return;
  }
  for (const listener of handOver) listener(signal);
}
