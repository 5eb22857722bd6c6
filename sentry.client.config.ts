import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/env.mjs";
import { clientOptions, frontendConfig } from "@/lib/sentry/client-options";
import { initOnce } from "@/lib/sentry/init-once";

initOnce("browser", Sentry.init, clientOptions(frontendConfig(env), window.location.origin));
