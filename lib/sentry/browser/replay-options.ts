import type { AppEnv } from "@/lib/config/env-schema.mjs";
import type { ReplayRates } from "./lazy-replay";

/** Inlined at build time (next.config.mjs): errors only by default, never whole sessions. */
export function replayRates(
  env: Pick<
    AppEnv,
    | "NEXT_PUBLIC_SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND"
    | "NEXT_PUBLIC_SENTRY_REPLAYS_SESSION_SAMPLE_RATE_FRONTEND"
  >,
): ReplayRates {
  return {
    onError: env.NEXT_PUBLIC_SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE_FRONTEND ?? 1,
    session: env.NEXT_PUBLIC_SENTRY_REPLAYS_SESSION_SAMPLE_RATE_FRONTEND ?? 0,
  };
}

/** The init options the lazily added replay integration reads from the client. */
export function replayOptions(rates: ReplayRates) {
  return { replaysOnErrorSampleRate: rates.onError, replaysSessionSampleRate: rates.session };
}
