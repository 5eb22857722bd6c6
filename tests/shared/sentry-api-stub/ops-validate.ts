// Request validation the way Sentry's serializers do it, with Sentry-like 400 bodies
// ({ field: [message] }): rest_framework/rule.py (RuleSerializer, RuleNodeField), the condition and
// action forms, incidents/serializers/alert_rule*.py, project_ownership.py, uptime validators.
export type Errors = Record<string, string[]>;
type Body = Record<string, unknown>;

export const KNOWN_CONDITIONS = new Set([
  "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
  "sentry.rules.conditions.regression_event.RegressionEventCondition",
  "sentry.rules.conditions.reappeared_event.ReappearedEventCondition",
  "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
  "sentry.rules.conditions.event_frequency.EventUniqueUserFrequencyCondition",
  "sentry.rules.conditions.event_frequency.EventFrequencyPercentCondition",
  "sentry.rules.conditions.every_event.EveryEventCondition",
]);
export const KNOWN_FILTERS = new Set([
  "sentry.rules.filters.tagged_event.TaggedEventFilter",
  "sentry.rules.filters.level.LevelFilter",
  "sentry.rules.filters.latest_release.LatestReleaseFilter",
]);
export const KNOWN_ACTIONS = new Set([
  "sentry.mail.actions.NotifyEmailAction",
  "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
  "sentry.integrations.jira.notify_action.JiraCreateTicketAction",
]);
const INTERVALS = ["1m", "5m", "15m", "1h", "1d", "1w", "30d"];
const COMPARISON_INTERVALS = ["5m", "15m", "1h", "1d", "1w", "30d"];
const MATCH = ["all", "any", "none"];

export type Context = {
  integrations: Array<{ id: number; provider: string }>;
  teams: Array<{ id: string; slug: string }>;
  environments: string[];
  projects: string[];
};

const required = "This field is required.";
const add = (errors: Errors, field: string, message: string) =>
  (errors[field] ??= []).push(message);
const isInt = (value: unknown) =>
  Number.isInteger(typeof value === "string" && value.trim() !== "" ? Number(value) : value);

function validateNode(node: unknown, known: Set<string>, ctx: Context): string | undefined {
  if (typeof node !== "object" || node === null || Array.isArray(node))
    return `Incorrect type. Expected a mapping, but got ${Array.isArray(node) ? "list" : typeof node}`;
  const data = node as Body;
  if (!("id" in data)) return "Missing attribute 'id'";
  if (!known.has(String(data.id))) return `Invalid node. Could not find '${String(data.id)}'`;
  const id = String(data.id);
  if (id.endsWith("EventFrequencyCondition")) {
    if (!INTERVALS.includes(String(data.interval)))
      return `Select a valid choice. ${String(data.interval)} is not one of the available choices.`;
    if (!isInt(data.value))
      return "Ensure at least one action is enabled and all required fields are filled in.";
    const type = data.comparisonType ?? "count";
    if (type !== "count" && type !== "percent")
      return `Select a valid choice. ${String(type)} is not one of the available choices.`;
    if (type === "percent" && !COMPARISON_INTERVALS.includes(String(data.comparisonInterval)))
      return "comparisonInterval is required when comparing by percent";
  }
  if (id.endsWith("SlackNotifyServiceAction")) {
    if (!data.channel) return "Slack: Channel name is a required field.";
    if (
      !ctx.integrations.some(
        (i) => i.provider === "slack" && String(i.id) === String(data.workspace),
      )
    )
      return "Slack: Workspace is a required field.";
  }
  if (id.endsWith("JiraCreateTicketAction")) {
    if (
      !ctx.integrations.some(
        (i) => i.provider === "jira" && String(i.id) === String(data.integration),
      )
    )
      return "Jira integration not found";
    if (!data.project || !data.issuetype)
      return "Ensure at least one action is enabled and all required fields are filled in.";
  }
  if (
    id === "sentry.mail.actions.NotifyEmailAction" &&
    !["IssueOwners", "Team", "Member"].includes(String(data.targetType))
  ) {
    return `Select a valid choice. ${String(data.targetType)} is not one of the available choices.`;
  }
  return undefined;
}

export function validateIssueRule(body: Body, ctx: Context): Errors {
  const errors: Errors = {};
  if (typeof body.name !== "string" || !body.name) add(errors, "name", required);
  else if (body.name.length > 64)
    add(errors, "name", "Ensure this field has no more than 64 characters.");
  if (!MATCH.includes(String(body.actionMatch)))
    add(
      errors,
      "actionMatch",
      body.actionMatch === undefined
        ? required
        : `"${String(body.actionMatch)}" is not a valid choice.`,
    );
  if (body.filterMatch !== undefined && !MATCH.includes(String(body.filterMatch)))
    add(errors, "filterMatch", `"${String(body.filterMatch)}" is not a valid choice.`);
  if (body.frequency === undefined) add(errors, "frequency", required);
  else if (!isInt(body.frequency) || Number(body.frequency) < 5 || Number(body.frequency) > 43200)
    add(errors, "frequency", "Ensure this value is between 5 and 43200.");
  if (body.environment != null && !ctx.environments.includes(String(body.environment)))
    add(errors, "environment", "This environment has not been created.");
  for (const [field, known, empty] of [
    ["conditions", KNOWN_CONDITIONS, "Must select a condition"],
    ["actions", KNOWN_ACTIONS, "Must select an action"],
    ["filters", KNOWN_FILTERS, undefined],
  ] as const) {
    const list = body[field];
    if (list === undefined && field !== "filters") add(errors, field, required);
    else if (list !== undefined && !Array.isArray(list))
      add(errors, field, "Expected a list of items.");
    else if (Array.isArray(list)) {
      if (!list.length && empty) add(errors, field, empty);
      for (const node of list) {
        const problem = validateNode(node, known, ctx);
        if (problem) add(errors, field, problem);
      }
    }
  }
  if (Array.isArray(body.filters) && body.filters.length && !body.filterMatch)
    add(
      errors,
      "filterMatch",
      "Must select a filter match (all, any, none) if filters are supplied",
    );
  return errors;
}

const DATASETS = [
  "events",
  "transactions",
  "sessions",
  "metrics",
  "generic_metrics",
  "events_analytics_platform",
];
const ACTION_TYPES = [
  "email",
  "slack",
  "pagerduty",
  "msteams",
  "opsgenie",
  "discord",
  "sentry_app",
];

export function validateMetricRule(body: Body, ctx: Context): Errors {
  const errors: Errors = {};
  for (const field of ["name", "aggregate", "timeWindow", "thresholdType", "triggers"])
    if (body[field] === undefined) add(errors, field, required);
  if (typeof body.query !== "string") add(errors, "query", required);
  if (body.dataset !== undefined && !DATASETS.includes(String(body.dataset)))
    add(errors, "dataset", `Invalid dataset, valid values are ${JSON.stringify(DATASETS)}`);
  if (
    body.timeWindow !== undefined &&
    (!isInt(body.timeWindow) || Number(body.timeWindow) < 1 || Number(body.timeWindow) > 1440)
  )
    add(errors, "timeWindow", "Ensure this value is between 1 and 1440.");
  if (body.thresholdType !== undefined && body.thresholdType !== 0 && body.thresholdType !== 1)
    add(errors, "thresholdType", "Invalid threshold type, valid values are [0, 1]");
  if (body.environment != null && !ctx.environments.includes(String(body.environment)))
    add(errors, "environment", "This environment has not been created.");
  for (const project of (body.projects as unknown[] | undefined) ?? [])
    if (!ctx.projects.includes(String(project)))
      add(errors, "projects", `Invalid project ${String(project)}`);
  if (Object.keys(errors).length) return errors;
  const triggers = body.triggers as Array<Body>;
  if (!Array.isArray(triggers) || !triggers.length)
    return { nonFieldErrors: ["Must include at least one trigger"] };
  if (triggers.length > 2)
    return {
      nonFieldErrors: [
        "Must send 1 or 2 triggers - A critical trigger, and an optional warning trigger",
      ],
    };
  const labels = ["critical", "warning"];
  for (const [i, trigger] of triggers.entries()) {
    if (trigger.label !== labels[i])
      return { nonFieldErrors: [`Trigger ${i + 1} must be labeled "${labels[i]}"`] };
    if (typeof trigger.alertThreshold !== "number")
      return { triggers: [`alertThreshold: ${required}`] };
    const resolve = body.resolveThreshold;
    if (
      typeof resolve === "number" &&
      (body.thresholdType === 0
        ? trigger.alertThreshold <= resolve
        : trigger.alertThreshold >= resolve)
    ) {
      return {
        nonFieldErrors: [
          `${String(trigger.label)} alert threshold must be ${body.thresholdType === 0 ? "above" : "below"} resolution threshold`,
        ],
      };
    }
    for (const action of (trigger.actions as Body[] | undefined) ?? []) {
      if (!ACTION_TYPES.includes(String(action.type)))
        return { triggers: [`Invalid type, valid values are ${JSON.stringify(ACTION_TYPES)}`] };
      if (
        action.type === "slack" &&
        !ctx.integrations.some(
          (i) => i.provider === "slack" && String(i.id) === String(action.integration),
        )
      )
        return { integration: ["Integration must be provided for slack"] };
      if (
        action.type === "email" &&
        action.targetType === "team" &&
        !ctx.teams.some((t) => t.id === String(action.targetIdentifier))
      )
        return { nonFieldErrors: ["Team does not exist"] };
    }
  }
  if (
    triggers.length === 2 &&
    (body.thresholdType === 0
      ? Number(triggers[0]!.alertThreshold) < Number(triggers[1]!.alertThreshold)
      : Number(triggers[0]!.alertThreshold) > Number(triggers[1]!.alertThreshold))
  ) {
    return {
      nonFieldErrors: [
        `Critical trigger must have an alert threshold ${body.thresholdType === 0 ? "above" : "below"} warning trigger`,
      ],
    };
  }
  return {};
}

const OWNER_LINE = /^(path|url|module|codeowners|tags\.[\w.-]+):(\S+)((?:\s+\S+)+)$/;

export function validateOwnership(body: Body, ctx: Context): Errors {
  const errors: Errors = {};
  if (
    body.autoAssignment !== undefined &&
    ![
      "Auto Assign to Issue Owner",
      "Auto Assign to Suspect Commits",
      "Turn off Auto-Assignment",
    ].includes(String(body.autoAssignment))
  ) {
    add(errors, "autoAssignment", `"${String(body.autoAssignment)}" is not a valid choice.`);
  }
  if (typeof body.raw === "string") {
    const bad = new Set<string>();
    for (const [index, line] of body.raw.split("\n").entries()) {
      if (!line.trim() || line.trim().startsWith("#")) continue;
      const match = OWNER_LINE.exec(line.trim());
      if (!match) return { raw: [`Parse error: 'ownership' (line ${index + 1}, column 1)`] };
      for (const owner of match[3]!.trim().split(/\s+/))
        if (owner.startsWith("#") && !ctx.teams.some((t) => `#${t.slug}` === owner)) bad.add(owner);
    }
    if (bad.size) add(errors, "raw", `Invalid rule owners: ${[...bad].sort().join(", ")}`);
  }
  return errors;
}

const UPTIME_INTERVALS = [60, 300, 600, 1200, 1800, 3600];

export function validateUptime(body: Body, ctx: Context, partial: boolean): Errors {
  const errors: Errors = {};
  for (const field of ["name", "url", "intervalSeconds", "timeoutMs"])
    if (!partial && body[field] === undefined) add(errors, field, required);
  if (body.url !== undefined && !/^https?:\/\/\S+$/.test(String(body.url)))
    add(errors, "url", "Enter a valid URL.");
  if (
    body.intervalSeconds !== undefined &&
    !UPTIME_INTERVALS.includes(Number(body.intervalSeconds))
  )
    add(errors, "intervalSeconds", `"${String(body.intervalSeconds)}" is not a valid choice.`);
  if (
    body.timeoutMs !== undefined &&
    (!isInt(body.timeoutMs) || Number(body.timeoutMs) < 1000 || Number(body.timeoutMs) > 60000)
  )
    add(errors, "timeoutMs", "Ensure this value is between 1000 and 60000.");
  if (body.owner != null && !ctx.teams.some((t) => `team:${t.id}` === body.owner))
    add(errors, "owner", "Unknown actor input");
  return errors;
}
