// The Sentry collections a plan compares against, each read once however many objects need it.
import type { SentryApiClient } from "./sentry-api-client";
import type {
  ClientKey,
  InboundFilter,
  IssueAlertRule,
  MetricAlertRule,
  ProjectOwnership,
  UptimeMonitor,
} from "./sentry-api-types";

export type Readers = {
  rules: (project: string) => Promise<IssueAlertRule[]>;
  projects: (project: string) => Promise<unknown>;
  ownership: (project: string) => Promise<ProjectOwnership>;
  filters: (project: string) => Promise<InboundFilter[]>;
  keys: (project: string) => Promise<ClientKey[]>;
  metricAlerts: () => Promise<MetricAlertRule[]>;
  uptime: () => Promise<UptimeMonitor[]>;
};

/** Reads each collection once, however many objects need it. */
function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load());
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

export function sentryReaders(client: SentryApiClient): Readers {
  return {
    rules: perProject((project) => client.listIssueAlerts(project)),
    projects: perProject((project) => client.getProject(project)),
    ownership: perProject((project) => client.getOwnership(project)),
    filters: perProject((project) => client.listFilters(project)),
    keys: perProject((project) => client.listKeys(project)),
    metricAlerts: memo(() => client.listMetricAlerts()),
    uptime: memo(() => client.listUptimeMonitors()),
  };
}
