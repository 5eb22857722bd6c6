// Metric alerts per environment: failure rate, LLM faults and latency percentiles, each owned by a team.
import { OWNED_PREFIX, type DesiredObject, type TeamIds } from "./desired-objects";
import { TEAMS, type TeamKey } from "./ownership";
import { metricTriggerActions } from "./routing";
import type { MetricAlertRuleBody } from "./sentry-api-types";
import type { OpsSettings } from "./settings";
import {
  LATENCY_QUERIES,
  THRESHOLDS,
  type LatencyThresholds,
  type OpsEnvironment,
} from "./thresholds";

const triggers = (settings: OpsSettings, levels: LatencyThresholds, teamId: string | undefined) => [
  {
    label: "critical" as const,
    alertThreshold: levels.critical,
    actions: metricTriggerActions(settings, "critical", teamId),
  },
  {
    label: "warning" as const,
    alertThreshold: levels.warning,
    actions: metricTriggerActions(settings, "warning", teamId),
  },
];

function metricAlert(
  settings: OpsSettings,
  teams: TeamIds,
  environment: OpsEnvironment,
  what: string,
  project: string,
  team: TeamKey,
  levels: LatencyThresholds,
  query: Pick<MetricAlertRuleBody, "dataset" | "aggregate" | "query" | "timeWindow"> & {
    eventTypes?: string[];
  },
): DesiredObject {
  const name = `${OWNED_PREFIX} ${environment} ${what}`;
  const teamId = teams.get(TEAMS[team]);
  return {
    kind: "metric-alert",
    name,
    body: {
      name,
      ...query,
      thresholdType: 0,
      resolveThreshold: levels.resolve,
      environment,
      projects: [project],
      owner: teamId ? `team:${teamId}` : null,
      triggers: triggers(settings, levels, teamId),
    },
  };
}

// Span metrics live in the events_analytics_platform dataset (event type trace_item_span): the v11 SDK
// sends spans, not transactions. Errors use the events dataset.
const SPANS = { dataset: "events_analytics_platform", eventTypes: ["trace_item_span"] };

export function metricAlerts(
  settings: OpsSettings,
  teams: TeamIds,
  environment: OpsEnvironment,
): DesiredObject[] {
  const t = THRESHOLDS[environment];
  const { backend } = settings.projects;
  const alerts = [
    metricAlert(
      settings,
      teams,
      environment,
      "http.server failure rate",
      backend,
      "backend",
      t.httpFailureRatePercent,
      {
        ...SPANS,
        aggregate: "failure_rate()",
        query: "span.op:http.server",
        timeWindow: 5,
      },
    ),
    metricAlert(
      settings,
      teams,
      environment,
      "LLM provider faults",
      backend,
      "llm",
      t.llmFaultsPer10Minutes,
      {
        dataset: "events",
        eventTypes: ["error"],
        aggregate: "count()",
        query: "error.code:LLM_*",
        timeWindow: 10,
      },
    ),
  ];
  for (const [operation, spec] of Object.entries(LATENCY_QUERIES)) {
    const levels = t.latencyMs[operation as keyof typeof LATENCY_QUERIES];
    for (const percentile of ["p95", "p99"] as const) {
      alerts.push(
        metricAlert(
          settings,
          teams,
          environment,
          `${percentile} ${spec.label}`,
          settings.projects[spec.project],
          spec.project === "frontend" ? "frontend" : "backend",
          levels[percentile],
          {
            ...SPANS,
            aggregate: `${percentile}(span.duration)`,
            query: spec.query,
            timeWindow: 5,
          },
        ),
      );
    }
  }
  return alerts;
}
