import "server-only";
import type { NodeOptions } from "@sentry/nextjs";
import type { RuntimeSentryConfig } from "../shared/common-options";
import { sampledContextIntegration } from "./context-integration";
import { logFilter, type LogThreshold } from "./log-options";
import { roomDedupeIntegration } from "./room-dedupe";
import { serverOptions } from "./server-options";
import { keepAppIntegrations } from "./server-integrations";

/** The Node.js runtime's options: the server's, plus what only exists there (not on the edge). */
export function nodeOptions(
  config: RuntimeSentryConfig,
  profilesSampleRate = 0,
  logLevel: LogThreshold = "info",
): NodeOptions {
  const options = serverOptions(config, profilesSampleRate);
  const shared = Array.isArray(options.integrations) ? options.integrations : [];
  const tracing = Boolean(options.tracesSampler) || (options.tracesSampleRate ?? 0) > 0;
  return {
    ...options,
    // Errors only: no OpenTelemetry tracer provider, so Next.js's own spans are no-ops and request
    // isolation uses AsyncLocalStorage alone. Measured in docs/performance.md (errors only vs off).
    enableOpenTelemetrySetup: tracing,
    // The last two replace the default integration of the same name.
    integrations: (defaults) => [
      ...keepAppIntegrations(defaults),
      ...shared,
      sampledContextIntegration(),
      roomDedupeIntegration(),
    ],
    // Sentry Logs (always on in SDK v11): the server's own lines from lib/sentry/server/server-log.ts.
    beforeSendLog: logFilter(logLevel, config.scrub),
  };
}
