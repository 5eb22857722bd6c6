import "server-only";
import { APICallError } from "@ai-sdk/provider";
import { AppError } from "@/lib/errors/app-error";

export type FailureKind = "timeout" | "retryable" | "bad_response" | "cancelled" | "fatal";

const BAD_RESPONSE_NAMES = new Set([
  "AI_NoObjectGeneratedError",
  "AI_JSONParseError",
  "AI_TypeValidationError",
  "AI_InvalidResponseDataError",
  "AI_EmptyResponseBodyError",
  "AI_NoContentGeneratedError",
  "AI_NoOutputGeneratedError",
  "EmptyModelOutput",
]);

/** A run being stopped or forced: not an error, nothing to report. */
export class CancelledError extends Error {
  constructor(readonly reason: unknown) {
    super("cancelled");
    this.name = "CancelledError";
  }
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (
    let current = error;
    current && chain.length < 5;
    current = (current as { cause?: unknown }).cause
  )
    chain.push(current);
  return chain;
}

/**
 * Classified by error name and the SDK's isInstance checks, never by constructor names:
 * those are minified in production builds.
 */
export function classifyFailure(error: unknown): FailureKind {
  const chain = causeChain(error);
  const names = chain.map((e) => (e as { name?: string })?.name);
  if (names.includes("CancelledError")) return "cancelled";
  if (names.includes("TimeoutError")) return "timeout";
  if (names.some((n) => n && BAD_RESPONSE_NAMES.has(n))) return "bad_response";
  if (names.includes("AbortError")) return "cancelled";
  const apiError = chain.find((e) => APICallError.isInstance(e));
  if (apiError) {
    const status = apiError.statusCode;
    if (
      status === 429 ||
      (status !== undefined && status >= 500) ||
      (status === undefined && apiError.isRetryable)
    )
      return "retryable";
    return "fatal";
  }
  const code = (chain.find((e) => (e as { code?: string })?.code) as { code?: string } | undefined)
    ?.code;
  if (
    code &&
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "UND_ERR_CONNECT_TIMEOUT",
      "UND_ERR_SOCKET",
      "ETIMEDOUT",
      "EPIPE",
    ].includes(code)
  ) {
    return code.includes("TIMEOUT") ? "timeout" : "retryable";
  }
  if (names.includes("TypeError") && /fetch failed/i.test(String((error as Error).message)))
    return "retryable";
  return "fatal";
}

/** Seconds or an HTTP date from Retry-After, when the provider sent one. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const apiError = causeChain(error).find((e) => APICallError.isInstance(e));
  const header = apiError?.responseHeaders?.["retry-after"];
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function toDomainError(
  error: unknown,
  kind: FailureKind,
  attempts: number,
  provider: string,
): AppError {
  const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
  switch (kind) {
    case "timeout":
      return new AppError(
        "LLM_TIMEOUT",
        `The ${provider} model did not answer in time (${tries})`,
        { cause: error, details: { provider, attempts } },
      );
    case "bad_response":
      return new AppError(
        "LLM_BAD_RESPONSE",
        `The ${provider} model returned output that does not fit the expected format`,
        {
          cause: error,
          details: { provider, attempts, cause: "provider_response" },
        },
      );
    default:
      return new AppError(
        "LLM_UNAVAILABLE",
        `The ${provider} model is unavailable (${tries}): ${(error as Error)?.message ?? "unknown error"}`,
        {
          cause: error,
          details: {
            provider,
            attempts,
            status: APICallError.isInstance(error) ? error.statusCode : undefined,
          },
        },
      );
  }
}
