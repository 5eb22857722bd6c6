import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/env.mjs";
import { clientOptions, frontendConfig } from "@/lib/sentry/client-options";
import { initOnce } from "@/lib/sentry/init-once";
import { loadReplayAfterFirstPaint } from "@/lib/sentry/lazy-replay";
import { loadTracingAfterFirstPaint } from "@/lib/sentry/lazy-tracing";
import { replayOptions, replayRates } from "@/lib/sentry/replay-options";
import { watchServerRenderFailures } from "@/lib/sentry/server-render-failure";

watchServerRenderFailures();

const config = frontendConfig(env);
const replay = replayRates(env);
if (initOnce("browser", Sentry.init, { ...clientOptions(config, window.location.origin), ...replayOptions(replay) })) {
  loadTracingAfterFirstPaint();
  loadReplayAfterFirstPaint(replay);
}
