const KEY = Symbol.for("mams.sentry.serverRenderFailed");
type Registry = Record<symbol, boolean | undefined>;

const failedShell = (doc: Document) => doc.documentElement.id === "__next_error__";
const isErroredBoundary = (node: Node) =>
  node instanceof HTMLTemplateElement && node.hasAttribute("data-dgst");

/**
 * When the server render of a client component fails, the server reports it (onRequestError) and React
 * marks the spot in the streamed HTML: an error shell (`<html id="__next_error__">`) or a Suspense boundary
 * with a digest (`<template data-dgst>`, written by the parser or set later by React's inline script).
 * The browser then renders it again, where it usually throws again, now without a digest: the boundary
 * skips that one re-throw. Watches the document while it loads; instrumentation-client starts it.
 */
export function watchServerRenderFailures(doc: Document = document): void {
  const registry = globalThis as unknown as Registry;
  if (failedShell(doc) || doc.querySelector("template[data-dgst]")) {
    registry[KEY] = true;
    return;
  }
  if (doc.readyState === "complete" || typeof MutationObserver === "undefined") return;
  const observer = new MutationObserver((mutations) => {
    const seen = mutations.some((m) =>
      m.type === "attributes"
        ? isErroredBoundary(m.target)
        : [...m.addedNodes].some(isErroredBoundary),
    );
    if (seen || failedShell(doc)) {
      registry[KEY] = true;
      observer.disconnect();
    }
  });
  observer.observe(doc.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["data-dgst", "id"],
  });
  doc.defaultView?.addEventListener("load", () => setTimeout(() => observer.disconnect(), 5_000), {
    once: true,
  });
}

/** True once, for the first boundary error of a page whose server render failed. */
export function takeServerRenderFailure(): boolean {
  const registry = globalThis as unknown as Registry;
  const failed = Boolean(registry[KEY]);
  registry[KEY] = false;
  return failed;
}
