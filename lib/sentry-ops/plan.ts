import { describeOperations } from "./description";
import { OWNED_PREFIX, type DesiredObject, type TeamIds } from "./desired-objects";
import { diffFields, type FieldChange } from "./diff";
import { TEAMS, mergeOwnershipRaw } from "./ownership";
import { SentryApiError, type SentryApiClient } from "./sentry-api-client";
import type {
  ClientKey,
  InboundFilter,
  IssueAlertRule,
  MetricAlertRule,
  ProjectOwnership,
  ProjectScrubbing,
  UptimeMonitor,
} from "./sentry-api-types";
import type { OpsSettings } from "./settings";

export type PlannedChange = {
  label: string;
  action: "create" | "update" | "unchanged";
  fields: FieldChange[];
  run: () => Promise<unknown>;
};
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

/** Reads each collection once, however many objects need it. */
function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load());
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

  const perProject = <T>(load: (project: string) => Promise<T>) => {
    const cache = new Map<string, () => Promise<T>>();
    return (project: string) => {
      if (!cache.has(project))
        cache.set(
          project,
          memo(() => load(project)),
        );
      return cache.get(project)!();
    };
  };
  const rules = perProject((project) => client.listIssueAlerts(project));
  const projects = perProject((project) => client.getProject(project));
  const ownership = perProject((project) => client.getOwnership(project));
  const filters = perProject((project) => client.listFilters(project));
  const keys = perProject((project) => client.listKeys(project));
  const metricAlerts = memo(() => client.listMetricAlerts());
  const uptime = memo(() => client.listUptimeMonitors());

  for (const object of describeOperations(settings, teams)) {
    const label = labelOf(object);
    try {
      plan.changes.push(
        ...(await planObject(client, object, label, {
          rules,
          projects,
          ownership,
          filters,
          keys,
          metricAlerts,
          uptime,
        })),
      );
    } catch (error) {
      plan.failures.push({ label, message: explainError(error, settings.org) });
    }
  }
  return plan;
}

type Readers = {
  rules: (project: string) => Promise<IssueAlertRule[]>;
  projects: (project: string) => Promise<unknown>;
  ownership: (project: string) => Promise<ProjectOwnership>;
  filters: (project: string) => Promise<InboundFilter[]>;
  keys: (project: string) => Promise<ClientKey[]>;
  metricAlerts: () => Promise<MetricAlertRule[]>;
  uptime: () => Promise<UptimeMonitor[]>;
};

const change = (
  label: string,
  existing: unknown,
  desired: unknown,
  create: () => Promise<unknown>,
  update: () => Promise<unknown>,
): PlannedChange => {
  if (existing === undefined)
    return { label, action: "create", fields: diffFields(desired, undefined), run: create };
  const fields = diffFields(desired, existing);
  return { label, action: fields.length ? "update" : "unchanged", fields, run: update };
};

/** Metric alert actions come back with `integrationId`; we send `integration`. */
function normaliseMetricAlert(rule: MetricAlertRule): unknown {
  return {
    ...rule,
    triggers: rule.triggers.map((trigger) => ({
      ...trigger,
      actions: trigger.actions.map((action) => ({
        ...action,
        integration: (action as { integrationId?: number }).integrationId ?? action.integration,
      })),
    })),
  };
}

async function planObject(
  client: SentryApiClient,
  object: DesiredObject,
  label: string,
  read: Readers,
): Promise<PlannedChange[]> {
  switch (object.kind) {
    case "issue-alert": {
      // Only rules whose name carries our prefix are ours; hand-made rules are never matched.
      const existing = (await read.rules(object.project)).find(
        (rule) => rule.name === object.name && rule.name.startsWith(OWNED_PREFIX),
      );
      return [
        change(
          label,
          existing,
          object.body,
          () => client.createIssueAlert(object.project, object.body),
          () => client.updateIssueAlert(object.project, existing!.id, object.body),
        ),
      ];
    }
    case "metric-alert": {
      const existing = (await read.metricAlerts()).find(
        (rule) => rule.name === object.name && rule.name.startsWith(OWNED_PREFIX),
      );
      return [
        change(
          label,
          existing && normaliseMetricAlert(existing),
          object.body,
          () => client.createMetricAlert(object.body),
          () => client.updateMetricAlert(existing!.id, object.body),
        ),
      ];
    }
    case "uptime": {
      const existing = (await read.uptime()).find(
        (monitor) => monitor.projectSlug === object.project && monitor.name === object.name,
      );
      const actual = existing && {
        ...existing,
        owner: existing.owner ? `${existing.owner.type}:${existing.owner.id}` : null,
      };
      return [
        change(
          label,
          actual,
          object.body,
          () => client.createUptimeMonitor(object.project, object.body),
          () => client.updateUptimeMonitor(object.project, existing!.id, object.body),
        ),
      ];
    }
    case "ownership": {
      const current = (await read.ownership(object.project)) as ProjectOwnership;
      const body = { ...object.body, raw: mergeOwnershipRaw(current.raw, object.body.raw ?? "") };
      return [
        change(
          label,
          current,
          body,
          async () => undefined,
          () => client.updateOwnership(object.project, body),
        ),
      ];
    }
    case "scrubbing": {
      // Our names are added; names someone added by hand in Sentry are kept (scrubbing more is never wrong).
      const current = (await read.projects(object.project)) as Partial<ProjectScrubbing>;
      const union = (ours: string[], theirs: string[] | undefined) => [
        ...ours,
        ...(theirs ?? []).filter((name) => !ours.includes(name)),
      ];
      const body = {
        ...object.body,
        sensitiveFields: union(object.body.sensitiveFields, current.sensitiveFields),
        safeFields: union(object.body.safeFields, current.safeFields),
      };
      return [
        change(
          label,
          current,
          body,
          async () => undefined,
          () => client.updateProjectScrubbing(object.project, body),
        ),
      ];
    }
    case "filter": {
      const current = (await read.filters(object.project)).find(
        (filter) => filter.id === object.filterId,
      );
      const actual =
        "subfilters" in object.body
          ? { subfilters: Array.isArray(current?.active) ? current.active : [] }
          : { active: current?.active === true };
      return [
        change(
          label,
          actual,
          object.body,
          async () => undefined,
          () => client.updateFilter(object.project, object.filterId, object.body),
        ),
      ];
    }
    case "key-rate-limit":
      return (await read.keys(object.project))
        .filter((key) => key.isActive)
        .map((key) =>
          change(
            `client key "${key.name}" (${key.id.slice(0, 8)}…) rate limit in ${object.project}`,
            { rateLimit: key.rateLimit },
            { rateLimit: object.rateLimit },
            async () => undefined,
            () => client.updateKeyRateLimit(object.project, key.id, object.rateLimit),
          ),
        );
  }
}
