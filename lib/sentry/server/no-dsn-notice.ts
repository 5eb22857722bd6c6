import "server-only";
const NOTICED = Symbol.for("mams.sentry.noBackendDsnNoticed");

export const NO_BACKEND_DSN_NOTICE =
  "[sentry] SENTRY_DSN_BACKEND is not set: this production server reports no errors or traces to Sentry. " +
  "Fix: set SENTRY_DSN_BACKEND=https://<public-key>@<host>/<project-id> (Sentry → Project Settings → Client Keys) and restart; " +
  "`npm run sentry:doctor` checks the whole setup.";

/**
 * A production server without a backend DSN works, silently: say so once per process, with the fix.
 * Development is quiet (Spotlight or nothing is the normal local setup).
 */
export function noticeMissingBackendDsn(
  config: { dsn?: string; nodeEnv?: string },
  log: (message: string) => void = console.warn,
): boolean {
  if (config.dsn || config.nodeEnv !== "production") return false;
  const registry = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (registry[NOTICED]) return false;
  registry[NOTICED] = true;
  log(NO_BACKEND_DSN_NOTICE);
  return true;
}
