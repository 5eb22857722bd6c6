import "server-only";
import * as Sentry from "@sentry/nextjs";
import type { AppError, ErrorCode } from "@/lib/errors/app-error";

/** Client mistakes that are answered, not reported; everything else is worth an issue. */
const UNREPORTED = new Set<ErrorCode>([
  "NOT_FOUND",
  "EPISODE_NOT_FOUND",
  "ROOM_NOT_FOUND",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "FORBIDDEN",
]);

export function shouldReport(error: AppError): boolean {
  return !UNREPORTED.has(error.code);
}

/** The room an error belongs to, with the seed's tag names. */
export type RoomTags = { negotiation_id?: string; session_id?: string };

/**
 * At most one report per key and window; the rest are counted, and the count rides on the next
 * report. A bot posting malformed bodies in a loop costs one event per route and code per minute.
 */
export class ReportQuota {
  private readonly windows = new Map<string, { startedAt: number; suppressed: number }>();

  constructor(
    readonly windowMs = 60_000,
    public now: () => number = Date.now,
  ) {}

  /** `report: true` with the number suppressed since the last report, or `report: false` (counted). */
  take(
    key: string,
  ): { report: true; suppressedBefore: number } | { report: false; suppressed: number } {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && now - window.startedAt < this.windowMs) {
      window.suppressed += 1;
      return { report: false, suppressed: window.suppressed };
    }
    this.windows.set(key, { startedAt: now, suppressed: 0 });
    return { report: true, suppressedBefore: window?.suppressed ?? 0 };
  }

  reset(): void {
    this.windows.clear();
  }
}

/** Validation warnings: one event per route and code per minute (process-wide). */
export const validationReports = new ReportQuota();

/**
 * Domain errors get a level and a fingerprint by code, so one failing provider or one
 * kind of bad input makes one Sentry issue, not thousands.
 */
export function captureAppError(
  error: AppError,
  context: {
    route?: string;
    provider?: string;
    tags?: RoomTags;
    experiment?: { id: string; arm: string };
  } = {},
): string | undefined {
  const validation = error.code === "VALIDATION_ERROR";
  const route = context.route ?? "unknown-route";
  let suppressedBefore = 0;
  if (validation) {
    const quota = validationReports.take(`${route} ${error.code}`);
    if (!quota.report) {
      Sentry.addBreadcrumb({
        category: "validation.suppressed",
        level: "warning",
        message: `${route}: ${error.code} not reported (one per minute)`,
        data: { route, code: error.code, suppressed: quota.suppressed, ...context.tags },
      });
      Sentry.metrics.count("mams.validation_reports_suppressed", 1, {
        attributes: { route, code: error.code },
      });
      return undefined;
    }
    suppressedBefore = quota.suppressedBefore;
  }
  const fingerprint = validation
    ? ["validation", route, error.code]
    : error.code.startsWith("LLM_")
      ? ["llm", error.code, context.provider ?? "unknown-provider"]
      : [error.code.toLowerCase(), context.route ?? "run"];
  // An experiment's failing arm: one issue per cause and arm, never one per run (seed).
  if (context.experiment)
    fingerprint.push("experiment", context.experiment.id, context.experiment.arm);
  return Sentry.captureException(error, {
    level: validation ? "warning" : "error",
    fingerprint,
    tags: {
      "error.code": error.code,
      ...(context.route && { route: context.route }),
      ...definedTags(context.tags),
    },
    extra: validation
      ? { fields: fieldPaths(error.details), suppressed_since_last_report: suppressedBefore }
      : undefined,
  });
}

export function definedTags(tags: RoomTags | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "",
    ),
  );
}

function fieldPaths(details: unknown): string[] | undefined {
  return Array.isArray(details)
    ? details.map((d) => String((d as { path?: unknown }).path ?? "")).slice(0, 20)
    : undefined;
}
