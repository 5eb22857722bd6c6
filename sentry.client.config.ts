import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/env.mjs";
import { clientOptions, frontendConfig } from "@/lib/sentry/client-options";
import { initOnce } from "@/lib/sentry/init-once";
import { loadTracingAfterFirstPaint } from "@/lib/sentry/lazy-tracing";

const config = frontendConfig(env);
if (initOnce("browser", Sentry.init, clientOptions(config, window.location.origin))) loadTracingAfterFirstPaint(config.tracesSampleRate);
