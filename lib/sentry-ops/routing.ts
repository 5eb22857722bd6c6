import type { MetricTriggerAction, RuleNode } from "./sentry-api-types";
import type { OpsSettings } from "./settings";

export type Severity = "warning" | "critical";

// Action ids as registered in getsentry/sentry (sentry/mail/actions.py, integrations/slack/notify_action.py,
// integrations/jira/notify_action.py); field names from their forms (SlackNotifyServiceForm: workspace,
// channel, tags; the Jira ticket action: integration plus the Jira fields project and issuetype).
export const ACTION_IDS = {
  email: "sentry.mail.actions.NotifyEmailAction",
  slack: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
  jira: "sentry.integrations.jira.notify_action.JiraCreateTicketAction",
} as const;

/** Issue alerts: the issue's owners by email (falling back to active members), Slack per severity, Jira when critical. */
export function issueAlertActions(settings: OpsSettings, severity: Severity): RuleNode[] {
  const actions: RuleNode[] = [
    { id: ACTION_IDS.email, targetType: "IssueOwners", fallthroughType: "ActiveMembers" },
  ];
  if (settings.slack) {
    actions.push({
      id: ACTION_IDS.slack,
      workspace: settings.slack.integrationId,
      channel:
        severity === "critical" ? settings.slack.criticalChannel : settings.slack.warningChannel,
      tags: "environment,release,error.code",
    });
  }
  if (settings.jira && severity === "critical") {
    actions.push({
      id: ACTION_IDS.jira,
      integration: settings.jira.integrationId,
      project: settings.jira.project,
      issuetype: settings.jira.issueType,
    });
  }
  return actions;
}

/**
 * Metric alert trigger actions (alert_rule_trigger_action.py): email to the owning team and Slack.
 * Sentry offers no Jira action on metric alerts; critical issues reach Jira through the issue alerts.
 */
export function metricTriggerActions(
  settings: OpsSettings,
  severity: Severity,
  teamId: string | undefined,
): MetricTriggerAction[] {
  const actions: MetricTriggerAction[] = [];
  if (teamId) actions.push({ type: "email", targetType: "team", targetIdentifier: teamId });
  if (settings.slack) {
    actions.push({
      type: "slack",
      targetType: "specific",
      targetIdentifier:
        severity === "critical" ? settings.slack.criticalChannel : settings.slack.warningChannel,
      integration: settings.slack.integrationId,
    });
  }
  return actions;
}
