import "server-only";
import * as Sentry from "@sentry/nextjs";

/**
 * One warning per run cut off by a shutdown, sent from inside the run's isolation scope, so it carries the
 * room's tags and step breadcrumbs. All of them group into one issue: a deploy is one cause, not one per room.
 */
export function reportRunInterrupted(signal: string, round: number): string {
  return Sentry.captureMessage("Negotiation run cut off by server shutdown", {
    level: "warning",
    fingerprint: ["run_interrupted", "shutdown"],
    tags: { "error.code": "RUN_INTERRUPTED", "shutdown.signal": signal },
    extra: { round, resumable: true },
  });
}
