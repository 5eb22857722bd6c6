import "server-only";
import { nodeContextIntegration } from "@sentry/nextjs";
import {
  safeSetSpanJSONAttributes,
  type Client,
  type Integration,
  type StreamedSpanJSON,
} from "@sentry/core";

/**
 * The SDK's Context integration, with the process and device memory figures on segment spans
 * refreshed at most every `intervalMs` instead of on every segment. Reading them
 * (process.memoryUsage(), process.availableMemory()) cost 0.3 ms per traced request in
 * `npm run bench:profile`, a tenth of all tracing overhead; a figure a second old is as useful.
 * Error events still get fresh figures (processEvent is the SDK's own).
 */
export function sampledContextIntegration(
  intervalMs = 1000,
  now: () => number = Date.now,
): Integration {
  const inner = nodeContextIntegration();
  let cached: StreamedSpanJSON["attributes"];
  let takenAt = Number.NEGATIVE_INFINITY;
  return {
    ...inner,
    processSegmentSpan(span: StreamedSpanJSON, client: Client) {
      if (!cached || now() - takenAt >= intervalMs) {
        const probe = { attributes: {} } as StreamedSpanJSON;
        inner.processSegmentSpan?.(probe, client);
        cached = probe.attributes;
        takenAt = now();
      }
      safeSetSpanJSONAttributes(span, cached ?? {});
    },
  };
}
