// The desired state of both Sentry projects, per environment: what `sentry:plan` compares and
// `sentry:apply` converges to (the object types and the owned prefix are in desired-objects.ts).
import type { DesiredObject, TeamIds } from "./desired-objects";
import { issueAlerts } from "./issue-alerts";
import { metricAlerts } from "./metric-alerts";
import { projectSettings, uptimeMonitors } from "./project-objects";
import type { OpsSettings } from "./settings";

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
