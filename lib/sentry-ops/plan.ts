// Reads Sentry and compares it with the description: what `sentry:plan` prints and `sentry:apply` runs.
import { describeOperations } from "./description";
import type { DesiredObject, TeamIds } from "./desired-objects";
import { TEAMS } from "./ownership";
import { planObject, type PlannedChange } from "./plan-object";
import { sentryReaders } from "./plan-readers";
import { SentryApiError, type SentryApiClient } from "./sentry-api-client";
import type { OpsSettings } from "./settings";

export type PlanFailure = { label: string; message: string };
export type Plan = { changes: PlannedChange[]; failures: PlanFailure[]; notes: string[] };

export function labelOf(object: DesiredObject): string {
  switch (object.kind) {
    case "issue-alert":
      return `issue alert "${object.name}" in ${object.project}`;
    case "metric-alert":
      return `metric alert "${object.name}"`;
    case "uptime":
      return `uptime monitor "${object.name}" in ${object.project}`;
    default:
      return object.name;
  }
}

export function explainError(error: unknown, org: string): string {
  if (error instanceof SentryApiError) return error.explain(org);
  const cause =
    error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `cannot reach Sentry: ${error instanceof Error ? error.message : String(error)}${cause}`;
}

export async function buildPlan(
  client: SentryApiClient,
  settings: OpsSettings,
  notes: string[] = [],
): Promise<Plan> {
  const plan: Plan = { changes: [], failures: [], notes: [...notes] };
  const teams: TeamIds = new Map();
  try {
    for (const team of await client.listTeams()) teams.set(team.slug, team.id);
  } catch (error) {
    plan.failures.push({
      label: `teams of organization "${settings.org}"`,
      message: explainError(error, settings.org),
    });
    // Every other call carries the same token: one clear line instead of forty identical ones.
    if (error instanceof SentryApiError && error.status === 401) return plan;
    if (!(error instanceof SentryApiError)) return plan;
  }
  for (const slug of Object.values(TEAMS)) {
    if (!teams.has(slug) && !plan.failures.length)
      plan.notes.push(
        `Team #${slug}: not found in "${settings.org}", so alerts email nobody on its behalf (create the team in Sentry)`,
      );
  }

  const read = sentryReaders(client);

  for (const object of describeOperations(settings, teams)) {
    const label = labelOf(object);
    try {
      plan.changes.push(...(await planObject(client, object, label, read)));
    } catch (error) {
      plan.failures.push({ label, message: explainError(error, settings.org) });
    }
  }
  return plan;
}
