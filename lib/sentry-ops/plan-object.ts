// One desired object against what Sentry has: create, update or unchanged, with the fields that differ.
import { OWNED_PREFIX, type DesiredObject } from "./desired-objects";
import { diffFields, type FieldChange } from "./diff";
import { mergeOwnershipRaw } from "./ownership";
import type { Readers } from "./plan-readers";
import type { SentryApiClient } from "./sentry-api-client";
import type { MetricAlertRule, ProjectOwnership, ProjectScrubbing } from "./sentry-api-types";

export type PlannedChange = {
  label: string;
  action: "create" | "update" | "unchanged";
  fields: FieldChange[];
  run: () => Promise<unknown>;
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

export async function planObject(
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
