// The numbers, per environment: change a threshold here, open a PR, read `sentry:plan` in CI, merge.
// Development never alerts: it has no entry.
export type OpsEnvironment = "staging" | "production";

export type LatencyThresholds = { warning: number; critical: number; resolve: number };

export type EnvironmentThresholds = {
  /** Issue alert: events of one issue per hour above which it is a spike. */
  spikeEventsPerHour: number;
  /** Issue alert: percent increase of an issue's events over the previous hour. */
  spikePercentOverPreviousHour: number;
  /** Metric alert: LLM provider faults (error.code LLM_*) in 10 minutes. */
  llmFaultsPer10Minutes: LatencyThresholds;
  /** Metric alert: share of failed http.server spans over 5 minutes, in percent. */
  httpFailureRatePercent: LatencyThresholds;
  /** Metric alerts: p95 and p99 durations in milliseconds over 5 minutes. */
  latencyMs: Record<LatencyOperation, { p95: LatencyThresholds; p99: LatencyThresholds }>;
  /** Client key rate limit: events per minute accepted by each DSN. */
  eventsPerMinutePerKey: { frontend: number; backend: number };
};

export type LatencyOperation = "create-episode" | "room-page" | "negotiation-run" | "llm-call";

export const THRESHOLDS: Record<OpsEnvironment, EnvironmentThresholds> = {
  production: {
    spikeEventsPerHour: 100,
    spikePercentOverPreviousHour: 200,
    llmFaultsPer10Minutes: { warning: 5, critical: 20, resolve: 2 },
    httpFailureRatePercent: { warning: 2, critical: 5, resolve: 1 },
    latencyMs: {
      "create-episode": {
        p95: { warning: 800, critical: 1500, resolve: 600 },
        p99: { warning: 2000, critical: 4000, resolve: 1500 },
      },
      "room-page": {
        p95: { warning: 2500, critical: 4000, resolve: 2000 },
        p99: { warning: 5000, critical: 8000, resolve: 4000 },
      },
      "negotiation-run": {
        p95: { warning: 120_000, critical: 240_000, resolve: 90_000 },
        p99: { warning: 240_000, critical: 480_000, resolve: 180_000 },
      },
      "llm-call": {
        p95: { warning: 15_000, critical: 30_000, resolve: 10_000 },
        p99: { warning: 30_000, critical: 55_000, resolve: 20_000 },
      },
    },
    eventsPerMinutePerKey: { frontend: 300, backend: 600 },
  },
  staging: {
    spikeEventsPerHour: 300,
    spikePercentOverPreviousHour: 400,
    llmFaultsPer10Minutes: { warning: 20, critical: 50, resolve: 10 },
    httpFailureRatePercent: { warning: 5, critical: 15, resolve: 3 },
    latencyMs: {
      "create-episode": {
        p95: { warning: 1500, critical: 3000, resolve: 1000 },
        p99: { warning: 4000, critical: 8000, resolve: 3000 },
      },
      "room-page": {
        p95: { warning: 4000, critical: 8000, resolve: 3000 },
        p99: { warning: 8000, critical: 15_000, resolve: 6000 },
      },
      "negotiation-run": {
        p95: { warning: 240_000, critical: 480_000, resolve: 180_000 },
        p99: { warning: 480_000, critical: 900_000, resolve: 360_000 },
      },
      "llm-call": {
        p95: { warning: 30_000, critical: 55_000, resolve: 20_000 },
        p99: { warning: 50_000, critical: 60_000, resolve: 40_000 },
      },
    },
    eventsPerMinutePerKey: { frontend: 100, backend: 200 },
  },
};

/** Which spans each latency alert watches (span-based metric alerts, dataset events_analytics_platform). */
export const LATENCY_QUERIES: Record<
  LatencyOperation,
  { project: "frontend" | "backend"; label: string; query: string }
> = {
  "create-episode": {
    project: "backend",
    label: "POST /api/episodes",
    query: 'span.op:http.server span.name:"POST /api/episodes"',
  },
  "room-page": {
    project: "frontend",
    label: "room page load",
    query: 'span.op:pageload span.name:"/episodes/:id/rooms/:roomId"',
  },
  "negotiation-run": {
    project: "backend",
    label: "negotiation.run",
    query: "span.op:negotiation.run",
  },
  "llm-call": {
    project: "backend",
    label: "gen_ai.generate_content",
    query: "span.op:gen_ai.generate_content",
  },
};
