import "server-only";
import { CancelledError, classifyFailure, retryAfterMs, toDomainError } from "./errors";

export type RetryOptions = {
  provider: string;
  maxRetries: number;
  timeoutMs: number;
  /** The run's own signal: when it aborts, the call is cancelled, not failed. */
  signal: AbortSignal;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  onRetry?: (info: { attempt: number; kind: string; delayMs: number }) => void;
};

const MAX_RETRY_AFTER_MS = 30_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError(signal.reason));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => (clearTimeout(timer), reject(new CancelledError(signal.reason))),
      { once: true },
    );
  });
}

/**
 * One model call with a total timeout per attempt and bounded retries with exponential
 * backoff and jitter on timeouts, 5xx, 429 and refused connections (Retry-After respected).
 * Exhausted retries become a domain error: LLM_TIMEOUT, LLM_UNAVAILABLE or LLM_BAD_RESPONSE.
 */
export async function withRetries<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { baseDelayMs = 250, maxDelayMs = 8_000, random = Math.random } = options;
  for (let tries = 1; ; tries++) {
    if (options.signal.aborted) throw new CancelledError(options.signal.reason);
    const callSignal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
    try {
      return await attempt(callSignal);
    } catch (error) {
      if (options.signal.aborted) throw new CancelledError(options.signal.reason);
      const kind = classifyFailure(error);
      if (kind === "cancelled") throw new CancelledError(error);
      const retryable = kind === "timeout" || kind === "retryable";
      if (!retryable || tries > options.maxRetries)
        throw toDomainError(error, kind, tries, options.provider);
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (tries - 1)) * (0.5 + random() / 2);
      const delayMs = Math.min(MAX_RETRY_AFTER_MS, retryAfterMs(error) ?? backoff);
      options.onRetry?.({ attempt: tries, kind, delayMs });
      await sleep(delayMs, options.signal);
    }
  }
}
