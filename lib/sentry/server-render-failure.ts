const KEY = Symbol.for("mams.sentry.serverRenderFailed");
type Registry = Record<symbol, boolean | undefined>;

/**
 * When the server render of a page fails, Next sends an error shell (`<html id="__next_error__">`) and
 * renders the page again in the browser, where the same component usually throws again, now without a
 * digest. The server already reported it (onRequestError), so the boundary skips that one re-throw.
 * Must run before hydration: instrumentation-client does.
 */
export function noteServerRenderFailure(doc: Document = document): void {
  (globalThis as unknown as Registry)[KEY] = doc.documentElement.id === "__next_error__";
}

/** True once, for the first boundary error of a page whose server render failed. */
export function takeServerRenderFailure(): boolean {
  const registry = globalThis as unknown as Registry;
  const failed = Boolean(registry[KEY]);
  registry[KEY] = false;
  return failed;
}
