// Sentry's web API: the build's release and source-map upload (lib/sentry/build) and the
// `npm run sentry:*` operations (lib/sentry-ops): token, organisation, projects, alert routing, uptime.
import { z } from "zod";
import { bool, url } from "./env-fields.mjs";

const slug = z
  .string()
  .regex(/^[a-z0-9_-]+$/i, { message: "must be a Sentry slug (letters, digits, - and _)" })
  .optional();

const integrationId = z
  .string()
  .regex(/^\d+$/, {
    message: "must be a numeric id as Sentry shows it (Settings → Integrations → Configurations)",
  })
  .optional();

const slackChannel = z
  .string()
  .regex(/^[#@][a-z0-9._-]{1,80}$/, { message: "must be a Slack channel like #mams-alerts" })
  .optional();

const opsEnvironments = z
  .string()
  .refine(
    (value) => value.split(",").every((part) => ["staging", "production"].includes(part.trim())),
    {
      message: "must be a comma-separated list of staging|production (development never alerts)",
    },
  )
  .optional();

export const sentryApiSchema = {
  server: {
    SENTRY_AUTH_TOKEN: z.string().optional(),
    SENTRY_ORG: slug,
    SENTRY_PROJECT_FRONTEND: slug,
    SENTRY_PROJECT_BACKEND: slug,
    SENTRY_URL: url,
    SENTRY_DEPLOY: bool,
    SENTRY_UPLOAD_FAIL_BUILD: bool,
    SENTRY_OPS_ENVIRONMENTS: opsEnvironments,
    SENTRY_OPS_SLACK_INTEGRATION_ID: integrationId,
    SENTRY_OPS_SLACK_CHANNEL_WARNING: slackChannel,
    SENTRY_OPS_SLACK_CHANNEL_CRITICAL: slackChannel,
    SENTRY_OPS_JIRA_INTEGRATION_ID: integrationId,
    SENTRY_OPS_JIRA_PROJECT: integrationId,
    SENTRY_OPS_JIRA_ISSUE_TYPE: integrationId,
    SENTRY_OPS_UPTIME_URL_STAGING: url,
    SENTRY_OPS_UPTIME_URL_PRODUCTION: url,
  },
};
