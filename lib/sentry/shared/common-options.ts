import type {
  Breadcrumb,
  ErrorEvent,
  Integration,
  StreamedSpanJSON,
  TracesSamplerSamplingContext,
} from "@sentry/core";
import { dataCollectionFor } from "./data-collection";
import { scrubBreadcrumb, scrubEvent, scrubSpan, scrubValue } from "./scrub";
import { clientErrorsAreAnswers } from "./http-span-status";
import type { RouteSampleRates } from "./sampling-policy";

export type SentryEnvironment = "development" | "staging" | "production";

/** What one runtime needs to know; built from the env module, plain data so tests can build it too. */
export type RuntimeSentryConfig = {
  dsn: string | undefined;
  environment: SentryEnvironment;
  release: string | undefined;
  tracesSampleRate: number;
  /** Server and edge only: the per-route sampling policy (lib/sentry/shared/sampling-policy.ts) replaces the flat rate. */
  routeRates?: RouteSampleRates;
  sendDefaultPii: boolean;
  spotlight: boolean;
  debug: boolean;
  /** Scrubbing is on unless SENTRY_SCRUB=false (server only, for proving the scrubber's tests can fail). */
  scrub: { enabled: boolean; extraPatterns: RegExp[]; literals?: string[] };
};

export const TUNNEL_PATH = "/monitoring";

type SamplingInput = Pick<
  TracesSamplerSamplingContext,
  "name" | "attributes" | "normalizedRequest" | "inheritOrSampleWith"
>;

/**
 * Never traced: the tunnel (one more span beside every browser event) and the health check (uptime
 * probes hit it every few seconds; at 0.2 that is most of a quiet app's span volume, all identical).
 */
export const UNTRACED_PATHS: readonly string[] = [TUNNEL_PATH, "/api/health"];

function isUntracedRequest(context: SamplingInput): boolean {
  if (UNTRACED_PATHS.some((path) => context.name === path || context.name.endsWith(` ${path}`)))
    return true;
  const raw =
    context.normalizedRequest?.url ??
    context.attributes?.["url.path"] ??
    context.attributes?.["http.target"];
  if (typeof raw !== "string") return false;
  try {
    return UNTRACED_PATHS.includes(new URL(raw, "http://localhost").pathname);
  } catch {
    return false;
  }
}

/** Follows the caller's sampling decision, except for the paths that are never worth a trace. */
export function samplerFor(rate: number) {
  return (context: SamplingInput) =>
    isUntracedRequest(context) ? 0 : context.inheritOrSampleWith(rate);
}

/** Without a DSN the SDK stays off, unless Spotlight (local dev UI) wants the events. */
export function sentryEnabled(config: Pick<RuntimeSentryConfig, "dsn" | "spotlight">): boolean {
  return Boolean(config.dsn) || config.spotlight;
}

/**
 * User feedback is not an error event, so `beforeSend` never sees it: it is scrubbed in the SDK's
 * `beforeSendFeedback` hook instead. The contact fields are kept only when PII is opted in.
 */
export function feedbackScrubIntegration(
  config: Pick<RuntimeSentryConfig, "scrub" | "sendDefaultPii">,
): Integration {
  return {
    name: "MamsFeedbackScrub",
    setup(client) {
      if (!config.scrub.enabled) return;
      client.on("beforeSendFeedback", (feedback) => {
        const { contact_email, name, ...rest } = feedback.contexts.feedback;
        feedback.contexts.feedback = {
          ...scrubValue(rest, config.scrub),
          ...(config.sendDefaultPii
            ? { contact_email, name }
            : { contact_email: contact_email && "[email]", name: name && "[Filtered]" }),
        };
        if (feedback.tags) feedback.tags = scrubValue(feedback.tags, config.scrub);
      });
    },
  };
}

/** Options every runtime shares: identity, sampling, privacy and scrubbing. */
export function commonOptions(config: RuntimeSentryConfig) {
  return {
    dsn: config.dsn,
    enabled: sentryEnabled(config),
    environment: config.environment,
    release: config.release,
    // Rate 0 means errors only: no tracing machinery at all, not "trace and drop".
    ...(config.tracesSampleRate > 0 && { tracesSampler: samplerFor(config.tracesSampleRate) }),
    dataCollection: dataCollectionFor(config.sendDefaultPii),
    spotlight: config.spotlight,
    debug: config.debug,
    beforeSend: (event: ErrorEvent) =>
      config.scrub.enabled ? scrubEvent(event, config.scrub) : event,
    beforeSendSpan: (span: StreamedSpanJSON) =>
      clientErrorsAreAnswers(config.scrub.enabled ? scrubSpan(span, config.scrub) : span),
    beforeBreadcrumb: (breadcrumb: Breadcrumb) =>
      config.scrub.enabled ? scrubBreadcrumb(breadcrumb, config.scrub) : breadcrumb,
    integrations: [feedbackScrubIntegration(config)],
  };
}
