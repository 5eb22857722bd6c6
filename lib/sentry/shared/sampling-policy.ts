import type { TracesSamplerSamplingContext } from "@sentry/core";
import { resolveTracesSampleRate, type AppEnv } from "@/lib/config/env-schema.mjs";
import type { SentryEnvironment } from "./common-options";

/**
 * The server's per-route sampling policy (README, "Sampling policy"). Each route belongs to one class:
 * - never: the tunnel, the health check and the live streams (an SSE stream stays open for minutes,
 *   so its span says nothing about speed; uptime probes hit the health check all day);
 * - run: what starts negotiation runs (a room's start, an experiment) and a run's own root span: the
 *   run is background work whose trace holds every agent turn, so it gets its own rate;
 * - write: any other method than GET/HEAD (API writes, server actions);
 * - read: GET/HEAD under /api, the hottest and least interesting traffic;
 * - page: everything else (server-rendered pages; the browser's pageload continues their trace).
 * A sampling decision inherited from the caller (a browser `sentry-trace` header, or the request a run
 * continues) wins for every class but `never`.
 */
export type RouteClass = "never" | "run" | "write" | "read" | "page";
export type RouteSampleRates = Record<Exclude<RouteClass, "never">, number>;

/** Reads get this share of the base rate unless SENTRY_TRACES_SAMPLE_RATE_READ says otherwise. */
export const READ_SHARE_OF_BASE = 0.25;

const NEVER_TRACED: readonly RegExp[] = [
  /^\/monitoring\/?$/,
  /^\/api\/health\/?$/,
  /^\/api\/rooms\/[^/]+\/stream\/?$/,
  /^\/api\/experiments\/[^/]+\/stream\/?$/,
];
const STARTS_RUNS: readonly RegExp[] = [
  /^\/api\/rooms\/[^/]+\/start\/?$/,
  /^\/api\/experiments\/?$/,
];
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
export const RUN_SPAN_NAME = "negotiation.run";

/** Base rate for pages, writes and runs, a quarter of it for reads; each overridable on its own. */
export function resolveRouteSampleRates(
  env: Partial<AppEnv>,
  environment: SentryEnvironment,
): RouteSampleRates {
  const base = resolveTracesSampleRate(env.SENTRY_TRACES_SAMPLE_RATE_BACKEND, environment);
  return {
    page: base,
    write: env.SENTRY_TRACES_SAMPLE_RATE_WRITE ?? base,
    run: env.SENTRY_TRACES_SAMPLE_RATE_RUN ?? base,
    read:
      env.SENTRY_TRACES_SAMPLE_RATE_READ ??
      (environment === "development" ? base : base * READ_SHARE_OF_BASE),
  };
}

/** Errors only (no tracing machinery at all) when no class would ever be traced. */
export function tracesAnything(rates: RouteSampleRates): boolean {
  return Object.values(rates).some((rate) => rate > 0);
}

function pathOf(raw: unknown): string | undefined {
  if (typeof raw !== "string" || !raw) return undefined;
  try {
    return new URL(raw, "http://localhost").pathname;
  } catch {
    return undefined;
  }
}

export function classifyRoute(
  method: string | undefined,
  path: string | undefined,
  name = "",
): RouteClass {
  if (path && NEVER_TRACED.some((pattern) => pattern.test(path))) return "never";
  if (name === RUN_SPAN_NAME) return "run";
  const verb = method?.toUpperCase();
  if (path && verb === "POST" && STARTS_RUNS.some((pattern) => pattern.test(path))) return "run";
  if (verb && verb !== "GET" && verb !== "HEAD") return "write";
  if (path?.startsWith("/api/")) return "read";
  return "page";
}

type SamplingInput = Pick<
  TracesSamplerSamplingContext,
  "name" | "attributes" | "normalizedRequest" | "inheritOrSampleWith"
>;

/** What the sampler knows of a root span: Next.js names them "GET /api/episodes"; attributes and the request may say more. */
export function routeOf(
  context: Pick<SamplingInput, "name" | "attributes" | "normalizedRequest">,
): { method?: string; path?: string } {
  const [first, second] = context.name.split(" ");
  const nameMethod = first && HTTP_METHODS.has(first) ? first : undefined;
  const attributes = context.attributes ?? {};
  const method =
    context.normalizedRequest?.method ??
    attributes["http.request.method"] ??
    attributes["http.method"] ??
    nameMethod;
  const path =
    pathOf(context.normalizedRequest?.url) ??
    pathOf(attributes["url.path"]) ??
    pathOf(attributes["http.target"]) ??
    (nameMethod ? pathOf(second) : undefined);
  return { method: typeof method === "string" ? method : undefined, path };
}

/** The server's `tracesSampler`: the class's rate, unless the caller already decided. */
export function routeSampler(rates: RouteSampleRates) {
  return (context: SamplingInput): number => {
    const { method, path } = routeOf(context);
    const routeClass = classifyRoute(method, path, context.name);
    return routeClass === "never" ? 0 : context.inheritOrSampleWith(rates[routeClass]);
  };
}
