import "server-only";
// Reads the registry init-once.ts writes, so /api/health can say which runtimes initialised Sentry.
const INITIALISED = Symbol.for("mams.sentry.initialised");

export function initialisedRuntimes(): string[] {
  const registry = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  return [...(registry[INITIALISED] ?? [])];
}
