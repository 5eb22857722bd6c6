// Stand-in for ./loader.ts in the "without Sentry" benchmark build (MAMS_BUILD_WITHOUT_SENTRY=true), so
// that Sentry's whole first-load share (loader included) is measured.
import type { SentryHandle } from "./loader";

export const SENTRY_ENABLED_ATTRIBUTE = "data-sentry";
export const startSentryLoader = () => undefined;
export const loadSentry = (): Promise<SentryHandle | undefined> => Promise.resolve(undefined);
export const captureException = (_error: unknown, _hint?: unknown) => undefined;
export const addBreadcrumb = (_breadcrumb: unknown) => undefined;
export const onRouterTransitionStart = (_href: string, _navigationType: string) => undefined;
