// The desired state of both Sentry projects, per environment: what `sentry:plan` compares and
// `sentry:apply` converges to. Every object it creates carries the OWNED_PREFIX in its name;
// anything else in Sentry is hand-made and never touched.
import { SAFE_FIELD_NAMES, serverSensitiveFields } from "@/lib/sentry/shared/sensitive-names";
import { OWNERSHIP_SETTINGS, TEAMS, sentryOwnershipRaw, type TeamKey } from "./ownership";
import { issueAlertActions, metricTriggerActions, type Severity } from "./routing";
import type {
  InboundFilterBody,
  IssueAlertRuleBody,
  MetricAlertRuleBody,
  ProjectOwnership,
  ProjectScrubbing,
  UptimeMonitorBody,
} from "./sentry-api-types";
import type { OpsSettings } from "./settings";
import {
  LATENCY_QUERIES,
  THRESHOLDS,
  type LatencyThresholds,
  type OpsEnvironment,
} from "./thresholds";

export const OWNED_PREFIX = "[mams]";

// Condition and filter ids as registered in getsentry/sentry src/sentry/rules/.
export const CONDITION_IDS = {
  firstSeen: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
  regression: "sentry.rules.conditions.regression_event.RegressionEventCondition",
  frequency: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
} as const;

type ProjectKey = "frontend" | "backend";

export type DesiredObject =
  | { kind: "issue-alert"; project: string; name: string; body: IssueAlertRuleBody }
  | { kind: "metric-alert"; name: string; body: MetricAlertRuleBody }
  | { kind: "ownership"; project: string; name: string; body: ProjectOwnership }
  | { kind: "scrubbing"; project: string; name: string; body: ProjectScrubbing }
  | { kind: "filter"; project: string; name: string; filterId: string; body: InboundFilterBody }
  | {
      kind: "key-rate-limit";
      project: string;
      name: string;
      rateLimit: { window: number; count: number };
    }
  | { kind: "uptime"; project: string; name: string; body: UptimeMonitorBody };

/** Team slug → id, as GET /organizations/{org}/teams/ answered; a missing team drops its email action. */
export type TeamIds = Map<string, string>;

const issueAlert = (
  settings: OpsSettings,
  project: string,
  environment: OpsEnvironment,
  what: string,
  severity: Severity,
  rule: Pick<IssueAlertRuleBody, "actionMatch" | "conditions"> & Partial<IssueAlertRuleBody>,
): DesiredObject => {
  const name = `${OWNED_PREFIX} ${environment} ${what}`;
  return {
    kind: "issue-alert",
    project,
    name,
    body: {
      name,
      environment,
      filterMatch: "all",
      filters: [],
      frequency: 30,
      actions: issueAlertActions(settings, severity),
      ...rule,
    },
  };
};

function issueAlerts(
  settings: OpsSettings,
  project: string,
  environment: OpsEnvironment,
): DesiredObject[] {
  const t = THRESHOLDS[environment];
  const frequency = CONDITION_IDS.frequency;
  return [
    issueAlert(settings, project, environment, "new issue", "warning", {
      actionMatch: "all",
      conditions: [{ id: CONDITION_IDS.firstSeen }],
    }),
    issueAlert(settings, project, environment, "issue spike", "critical", {
      actionMatch: "any",
      frequency: 60,
      conditions: [
        { id: frequency, comparisonType: "count", interval: "1h", value: t.spikeEventsPerHour },
        {
          id: frequency,
          comparisonType: "percent",
          interval: "1h",
          comparisonInterval: "1h",
          value: t.spikePercentOverPreviousHour,
        },
      ],
    }),
    // A resolved issue that comes back, also when it was resolved "in the next release".
    issueAlert(settings, project, environment, "regression", "warning", {
      actionMatch: "all",
      conditions: [{ id: CONDITION_IDS.regression }],
    }),
  ];
}

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

function metricAlerts(
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

function projectSettings(settings: OpsSettings, key: ProjectKey): DesiredObject[] {
  const project = settings.projects[key];
  const production = settings.environments.includes("production");
  const filters: Array<[string, InboundFilterBody]> = [
    ["browser-extensions", { active: true }],
    // Local development reports to Spotlight; on projects that receive production, localhost is noise.
    ["localhost", { active: production }],
    ["web-crawlers", { active: true }],
    [
      "legacy-browsers",
      {
        subfilters: ["ie", "edge", "safari", "firefox", "chrome", "opera", "opera_mini", "android"],
      },
    ],
  ];
  const perMinute = Math.min(
    ...settings.environments.map(
      (environment) => THRESHOLDS[environment].eventsPerMinutePerKey[key],
    ),
  );
  return [
    {
      kind: "ownership",
      project,
      name: `ownership rules of ${project}`,
      body: { raw: sentryOwnershipRaw(key), ...OWNERSHIP_SETTINGS },
    },
    {
      kind: "scrubbing",
      project,
      name: `data scrubbing of ${project}`,
      body: {
        dataScrubber: true,
        dataScrubberDefaults: true,
        scrubIPAddresses: true,
        sensitiveFields: serverSensitiveFields(),
        safeFields: [...SAFE_FIELD_NAMES],
      },
    },
    ...filters.map(
      ([filterId, body]): DesiredObject => ({
        kind: "filter",
        project,
        name: `inbound filter ${filterId} of ${project}`,
        filterId,
        body,
      }),
    ),
    {
      kind: "key-rate-limit",
      project,
      name: `client key rate limits of ${project}`,
      rateLimit: { window: 60, count: perMinute },
    },
  ];
}

function uptimeMonitors(settings: OpsSettings, teams: TeamIds): DesiredObject[] {
  const teamId = teams.get(TEAMS.backend);
  return settings.environments.flatMap((environment): DesiredObject[] => {
    const base = settings.uptimeUrls[environment];
    if (!base) return [];
    const name = `${OWNED_PREFIX} ${environment} /api/health`;
    return [
      {
        kind: "uptime",
        project: settings.projects.backend,
        name,
        body: {
          name,
          url: new URL("/api/health", base).toString(),
          intervalSeconds: 60,
          timeoutMs: 5000,
          method: "GET",
          environment,
          owner: teamId ? `team:${teamId}` : null,
        },
      },
    ];
  });
}

export function describeOperations(settings: OpsSettings, teams: TeamIds): DesiredObject[] {
  return [
    ...(["backend", "frontend"] as const).flatMap((key) => projectSettings(settings, key)),
    ...settings.environments.flatMap((environment) => [
      ...issueAlerts(settings, settings.projects.backend, environment),
      ...issueAlerts(settings, settings.projects.frontend, environment),
      ...metricAlerts(settings, teams, environment),
    ]),
    ...uptimeMonitors(settings, teams),
  ];
}
