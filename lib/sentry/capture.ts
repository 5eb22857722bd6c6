import * as Sentry from "@sentry/nextjs";
import type { AppError } from "@/lib/errors/app-error";

/** Client mistakes that are answered, not reported; everything else is worth an issue. */
const UNREPORTED = new Set(["NOT_FOUND", "SESSION_NOT_FOUND", "ROOM_NOT_FOUND", "CONFLICT", "NEGOTIATION_ALREADY_ACTIVE", "PAYLOAD_TOO_LARGE", "FORBIDDEN"]);

export function shouldReport(error: AppError): boolean {
  return !UNREPORTED.has(error.code);
}

/**
 * Domain errors get a level and a fingerprint by code, so one failing provider or one
 * kind of bad input makes one Sentry issue, not thousands.
 */
export function captureAppError(error: AppError, context: { route?: string; provider?: string; experiment?: { id: string; arm: string } } = {}): string {
  const validation = error.code === "VALIDATION_ERROR";
  const fingerprint = validation
    ? ["validation", context.route ?? "unknown-route", error.code]
    : error.code.startsWith("LLM_")
      ? ["llm", error.code, context.provider ?? "unknown-provider"]
      : [error.code.toLowerCase(), context.route ?? "run"];
  // An experiment's failing arm: one issue per cause and arm, never one per run (seed).
  if (context.experiment) fingerprint.push("experiment", context.experiment.id, context.experiment.arm);
  return Sentry.captureException(error, {
    level: validation ? "warning" : "error",
    fingerprint,
    tags: { "error.code": error.code, ...(context.route && { route: context.route }) },
    extra: validation ? { fields: fieldPaths(error.details) } : undefined,
  });
}

function fieldPaths(details: unknown): string[] | undefined {
  return Array.isArray(details) ? details.map((d) => String((d as { path?: unknown }).path ?? "")).slice(0, 20) : undefined;
}
