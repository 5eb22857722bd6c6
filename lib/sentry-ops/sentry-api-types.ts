// Request and response shapes of Sentry's web API as documented at docs.sentry.io/api and
// implemented by getsentry/sentry's serializers (src/sentry/api/serializers/rest_framework/rule.py,
// src/sentry/incidents/serializers/alert_rule*.py, api/endpoints/project_ownership.py,
// project_filter_details.py, project_key details, uptime/endpoints/validators.py). Only the fields
// MAMS sets or reads are typed; Sentry returns more.

/** A condition, filter or action node of an issue alert: `id` is the Python class path. */
export type RuleNode = { id: string } & Record<string, string | number | boolean | undefined>;

/** POST/PUT /api/0/projects/{org}/{project}/rules/ (PUT overwrites the whole rule). */
export type IssueAlertRuleBody = {
  name: string;
  environment: string | null;
  actionMatch: "all" | "any" | "none";
  filterMatch?: "all" | "any" | "none";
  frequency: number;
  conditions: RuleNode[];
  filters: RuleNode[];
  actions: RuleNode[];
  owner?: string | null;
};
export type IssueAlertRule = IssueAlertRuleBody & { id: string; dateCreated?: string };

/** A trigger action of a metric alert (alert_rule_trigger_action.py): camelCase on the wire. */
export type MetricTriggerAction = {
  type: "email" | "slack" | "pagerduty" | "msteams" | "opsgenie" | "discord" | "sentry_app";
  targetType: "specific" | "user" | "team" | "sentry_app";
  targetIdentifier: string;
  /** Sent as `integration`; Sentry answers `integrationId`. */
  integration?: number;
};
export type MetricTrigger = {
  label: "critical" | "warning";
  alertThreshold: number;
  actions: MetricTriggerAction[];
};

/** POST/PUT /api/0/organizations/{org}/alert-rules/. thresholdType 0 = above, 1 = below. */
export type MetricAlertRuleBody = {
  name: string;
  dataset: string;
  eventTypes?: string[];
  aggregate: string;
  query: string;
  timeWindow: number;
  thresholdType: 0 | 1;
  resolveThreshold: number | null;
  environment: string | null;
  projects: string[];
  owner?: string | null;
  triggers: MetricTrigger[];
};
export type MetricAlertRule = MetricAlertRuleBody & { id: string };

/** GET/PUT /api/0/projects/{org}/{project}/ownership/ */
export type ProjectOwnership = {
  raw: string | null;
  fallthrough: boolean;
  autoAssignment:
    | "Auto Assign to Issue Owner"
    | "Auto Assign to Suspect Commits"
    | "Turn off Auto-Assignment";
  codeownersAutoSync?: boolean;
};

/** The data-scrubbing fields of GET/PUT /api/0/projects/{org}/{project}/. */
export type ProjectScrubbing = {
  dataScrubber: boolean;
  dataScrubberDefaults: boolean;
  scrubIPAddresses: boolean;
  sensitiveFields: string[];
  safeFields: string[];
};
export type Project = ProjectScrubbing & { id: string; slug: string };

export type InboundFilterId =
  | "browser-extensions"
  | "localhost"
  | "web-crawlers"
  | "legacy-browsers";
/** GET /api/0/projects/{org}/{project}/filters/: `active` is a list of subfilters for legacy-browsers. */
export type InboundFilter = { id: string; active: boolean | string[] };
/** PUT /api/0/projects/{org}/{project}/filters/{filter_id}/ */
export type InboundFilterBody = { active: boolean } | { subfilters: string[] };

/** GET /api/0/projects/{org}/{project}/keys/ and PUT .../keys/{key_id}/ */
export type ClientKey = {
  id: string;
  name: string;
  isActive: boolean;
  rateLimit: { window: number; count: number } | null;
};

/** POST /api/0/projects/{org}/{project}/uptime/, PUT .../uptime/{id}/; listed by GET /api/0/organizations/{org}/uptime/ */
export type UptimeMonitorBody = {
  name: string;
  url: string;
  intervalSeconds: 60 | 300 | 600 | 1200 | 1800 | 3600;
  timeoutMs: number;
  method: "GET" | "HEAD";
  environment: string | null;
  owner: string | null;
  status?: "active" | "disabled";
};
export type UptimeMonitor = Omit<UptimeMonitorBody, "owner"> & {
  id: string;
  projectSlug: string;
  owner: { type: string; id: string } | null;
};

export type Team = { id: string; slug: string };
