const INITIALISED = Symbol.for("mams.sentry.initialised");

type Registry = Record<symbol, Set<string> | undefined>;

/**
 * Dev HMR and repeated register() calls can evaluate a config file twice;
 * a second Sentry.init would double every event.
 * Options with `enabled: false` (no DSN, no Spotlight) start nothing at all: a disabled SDK still
 * instruments every request, which cost 0.3–0.5 ms of CPU per request in `npm run bench:profile`.
 */
export function initOnce<O extends { enabled?: boolean }>(
  runtime: string,
  init: (options: O) => unknown,
  options: O,
): boolean {
  if (options.enabled === false) return false;
  const registry = globalThis as unknown as Registry;
  const done = (registry[INITIALISED] ??= new Set<string>());
  if (done.has(runtime)) return false;
  done.add(runtime);
  init(options);
  return true;
}
