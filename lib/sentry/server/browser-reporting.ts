import "server-only";
import { env } from "@/lib/config/env.mjs";
import { frontendConfig } from "../browser/client-options";
import { sentryEnabled } from "../shared/common-options";

/**
 * Whether this build reports from the browser (a frontend DSN or Spotlight). Read by server components:
 * the root layout tells the first-load loader through <html data-sentry>, and "Report a problem" is
 * rendered only when there is somewhere to send it, so neither ships the env module to the browser.
 */
export function browserReportingEnabled(): boolean {
  return sentryEnabled(frontendConfig(env));
}
