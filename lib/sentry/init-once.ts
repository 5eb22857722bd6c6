const INITIALISED = Symbol.for("mams.sentry.initialised");

type Registry = Record<symbol, Set<string> | undefined>;

/**
 * Dev HMR and repeated register() calls can evaluate a config file twice;
 * a second Sentry.init would double every event (plan section 9).
 */
export function initOnce<O>(runtime: string, init: (options: O) => unknown, options: O): boolean {
  const registry = globalThis as unknown as Registry;
  const done = (registry[INITIALISED] ??= new Set<string>());
  if (done.has(runtime)) return false;
  done.add(runtime);
  init(options);
  return true;
}
