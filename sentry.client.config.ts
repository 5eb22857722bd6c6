// The browser's Sentry entry: the first-load loader (a few KB gzip). The full SDK with every browser option is
// lib/sentry/browser/sdk.ts, fetched at idle time or at once on the first error (docs/sentry.md).
import { startSentryLoader } from "@mams/sentry-loader";

startSentryLoader();
