// Stand-in for @sentry/nextjs in the browser bundle of the "without Sentry" benchmark build
// (MAMS_BUILD_WITHOUT_SENTRY=true), so the first-load cost of the SDK can be measured.
export const init = (_options?: unknown) => undefined;
export const captureException = (_error?: unknown, _hint?: unknown) => "";
export const captureFeedback = (_feedback?: unknown, _hint?: unknown) => "";
export const addBreadcrumb = (_breadcrumb?: unknown) => undefined;
export const captureRouterTransitionStart = (_href?: string, _type?: string) => undefined;
export const withScope = <T>(
  callback: (scope: { setTag: () => void; setFingerprint: () => void }) => T,
): T => callback({ setTag: () => {}, setFingerprint: () => {} });
export const getClient = () => undefined;
export const addIntegration = (_integration?: unknown) => undefined;
export const setRouteProvider = (_provider?: unknown) => undefined;
