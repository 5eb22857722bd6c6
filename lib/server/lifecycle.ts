import "server-only";
// Process lifecycle shared by every bundle of the Node server. Next compiles instrumentation.ts and the
// route handlers separately, so module state would be per bundle: everything lives on globalThis.

/** Shutdown runs its phases in this order; each phase's hooks run side by side. */
export const SHUTDOWN_PHASES = ["runs", "streams", "database"] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];
export type ShutdownHook = (signal: NodeJS.Signals) => Promise<void> | void;

type Lifecycle = { draining?: NodeJS.Signals; hooks: Map<ShutdownPhase, Set<ShutdownHook>> };
const lifecycle = ((globalThis as Record<symbol, Lifecycle>)[Symbol.for("mams.lifecycle")] ??= {
  hooks: new Map(),
});

/** True from the moment a termination signal arrives: no new runs, no new streams. */
export function isDraining(): boolean {
  return lifecycle.draining !== undefined;
}

export function beginDraining(signal: NodeJS.Signals): void {
  lifecycle.draining ??= signal;
}

/** Registers work for one shutdown phase; returns the unregister function. */
export function onShutdown(phase: ShutdownPhase, hook: ShutdownHook): () => void {
  let hooks = lifecycle.hooks.get(phase);
  if (!hooks) lifecycle.hooks.set(phase, (hooks = new Set()));
  hooks.add(hook);
  return () => hooks.delete(hook);
}

export async function runShutdownPhase(
  phase: ShutdownPhase,
  signal: NodeJS.Signals,
): Promise<void> {
  await Promise.allSettled(
    [...(lifecycle.hooks.get(phase) ?? [])].map(async (hook) => hook(signal)),
  );
}

/** For tests: forget the drain and every hook. */
export function resetLifecycle(): void {
  lifecycle.draining = undefined;
  lifecycle.hooks.clear();
}
