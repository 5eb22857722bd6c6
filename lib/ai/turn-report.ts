import "server-only";
import * as Sentry from "@sentry/nextjs";
import type { AgentTask } from "@/lib/domain/stream-events";
import type { AppError } from "@/lib/errors/app-error";

/**
 * A passed turn is one warning event, grouped by provider and cause (no JSON, unreadable
 * price, unknown offer...), so each way a model goes wrong is one issue. The repair attempt
 * before it is a breadcrumb on this event, not an event of its own.
 */
export function reportPassedTurn(
  error: AppError,
  provider: string,
  turn: { round: number; agent: string; task: AgentTask },
): string {
  const cause = String((error.details as { cause?: unknown } | undefined)?.cause ?? "unknown");
  return Sentry.captureException(error, {
    level: "warning",
    fingerprint: ["llm", error.code, provider, cause],
    tags: { "error.code": error.code, "llm.failure_cause": cause, "mams.task": turn.task },
    extra: { agent: turn.agent, round: turn.round },
  });
}
