import type { AppEnv } from "@/lib/config/env-schema.mjs";
import type { OpsEnvironment } from "./thresholds";

export type OpsSettings = {
  baseUrl: string;
  token: string;
  org: string;
  projects: { frontend: string; backend: string };
  environments: OpsEnvironment[];
  slack?: { integrationId: number; warningChannel: string; criticalChannel: string };
  jira?: { integrationId: number; project: string; issueType: string };
  uptimeUrls: Partial<Record<OpsEnvironment, string>>;
};

export type SettingsResult =
  | { ok: true; settings: OpsSettings; notes: string[] }
  | { ok: false; errors: string[] };

/**
 * Reads the validated env (lib/config/env.mjs). Missing Sentry credentials are errors; a missing Slack,
 * Jira or uptime URL only turns that part off, with one line saying so.
 */
export function opsSettings(env: AppEnv): SettingsResult {
  const errors: string[] = [];
  const notes: string[] = [];
  for (const name of [
    "SENTRY_AUTH_TOKEN",
    "SENTRY_ORG",
    "SENTRY_PROJECT_FRONTEND",
    "SENTRY_PROJECT_BACKEND",
  ] as const) {
    if (!env[name])
      errors.push(`${name} is not set (see .env.example); sentry:plan and sentry:apply need it`);
  }
  if (errors.length) return { ok: false, errors };

  const environments = (env.SENTRY_OPS_ENVIRONMENTS ?? "staging,production")
    .split(",")
    .map((part) => part.trim() as OpsEnvironment);
  let slack: OpsSettings["slack"];
  if (
    env.SENTRY_OPS_SLACK_INTEGRATION_ID &&
    env.SENTRY_OPS_SLACK_CHANNEL_WARNING &&
    env.SENTRY_OPS_SLACK_CHANNEL_CRITICAL
  ) {
    slack = {
      integrationId: Number(env.SENTRY_OPS_SLACK_INTEGRATION_ID),
      warningChannel: env.SENTRY_OPS_SLACK_CHANNEL_WARNING,
      criticalChannel: env.SENTRY_OPS_SLACK_CHANNEL_CRITICAL,
    };
  } else {
    notes.push(
      "Slack: skipped (set SENTRY_OPS_SLACK_INTEGRATION_ID, SENTRY_OPS_SLACK_CHANNEL_WARNING and SENTRY_OPS_SLACK_CHANNEL_CRITICAL to route alerts to Slack)",
    );
  }
  let jira: OpsSettings["jira"];
  if (
    env.SENTRY_OPS_JIRA_INTEGRATION_ID &&
    env.SENTRY_OPS_JIRA_PROJECT &&
    env.SENTRY_OPS_JIRA_ISSUE_TYPE
  ) {
    jira = {
      integrationId: Number(env.SENTRY_OPS_JIRA_INTEGRATION_ID),
      project: env.SENTRY_OPS_JIRA_PROJECT,
      issueType: env.SENTRY_OPS_JIRA_ISSUE_TYPE,
    };
  } else {
    notes.push(
      "Jira: skipped (set SENTRY_OPS_JIRA_INTEGRATION_ID, SENTRY_OPS_JIRA_PROJECT and SENTRY_OPS_JIRA_ISSUE_TYPE to open tickets for critical alerts)",
    );
  }
  const uptimeUrls: OpsSettings["uptimeUrls"] = {};
  for (const environment of environments) {
    const url =
      environment === "production"
        ? env.SENTRY_OPS_UPTIME_URL_PRODUCTION
        : env.SENTRY_OPS_UPTIME_URL_STAGING;
    if (url) uptimeUrls[environment] = url;
    else
      notes.push(
        `Uptime (${environment}): skipped (set SENTRY_OPS_UPTIME_URL_${environment.toUpperCase()} to the deployed base URL)`,
      );
  }
  return {
    ok: true,
    notes,
    settings: {
      baseUrl: env.SENTRY_URL ?? "https://sentry.io",
      token: env.SENTRY_AUTH_TOKEN!,
      org: env.SENTRY_ORG!,
      projects: { frontend: env.SENTRY_PROJECT_FRONTEND!, backend: env.SENTRY_PROJECT_BACKEND! },
      environments,
      slack,
      jira,
      uptimeUrls,
    },
  };
}
