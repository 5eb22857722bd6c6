// Issue alerts per project and environment: a new issue, a spike, a regression.
import { OWNED_PREFIX, type DesiredObject } from "./desired-objects";
import { issueAlertActions, type Severity } from "./routing";
import type { IssueAlertRuleBody } from "./sentry-api-types";
import type { OpsSettings } from "./settings";
import { THRESHOLDS, type OpsEnvironment } from "./thresholds";

// Condition and filter ids as registered in getsentry/sentry src/sentry/rules/.
export const CONDITION_IDS = {
  firstSeen: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
  regression: "sentry.rules.conditions.regression_event.RegressionEventCondition",
  frequency: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
} as const;

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

export function issueAlerts(
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
