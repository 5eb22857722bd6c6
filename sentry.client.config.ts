import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/config/env.mjs";
import { clientOptions, frontendConfig } from "@/lib/sentry/browser/client-options";
import { initOnce } from "@/lib/sentry/shared/init-once";
import { loadReplayAfterFirstPaint } from "@/lib/sentry/browser/lazy-replay";
import { loadTracingAfterFirstPaint } from "@/lib/sentry/browser/lazy-tracing";
import { replayOptions, replayRates } from "@/lib/sentry/browser/replay-options";
import { watchServerRenderFailures } from "@/lib/sentry/browser/server-render-failure";

watchServerRenderFailures();

const config = frontendConfig(env);
const replay = replayRates(env);
if (initOnce("browser", Sentry.init, { ...clientOptions(config, window.location.origin), ...replayOptions(replay) })) {
  loadTracingAfterFirstPaint();
  loadReplayAfterFirstPaint(replay);
}
