import type { NodeOptions } from "@sentry/nextjs";
import type { RuntimeSentryConfig } from "./common-options";
import { sampledContextIntegration } from "./context-integration";
import { roomDedupeIntegration } from "./room-dedupe";
import { serverOptions } from "./server-options";

/** The Node.js runtime's options: the server's, plus what only exists there (not on the edge). */
export function nodeOptions(config: RuntimeSentryConfig, profilesSampleRate = 0): NodeOptions {
  const options = serverOptions(config, profilesSampleRate);
  const shared = Array.isArray(options.integrations) ? options.integrations : [];
  // Both replace the default integration of the same name.
  return { ...options, integrations: [...shared, sampledContextIntegration(), roomDedupeIntegration()] };
}
