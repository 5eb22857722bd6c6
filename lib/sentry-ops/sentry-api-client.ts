import type {
  ClientKey,
  InboundFilter,
  InboundFilterBody,
  IssueAlertRule,
  IssueAlertRuleBody,
  MetricAlertRule,
  MetricAlertRuleBody,
  Project,
  ProjectOwnership,
  ProjectScrubbing,
  Team,
  UptimeMonitor,
  UptimeMonitorBody,
} from "./sentry-api-types";

export type SentryApiClientOptions = {
  baseUrl: string;
  token: string;
  org: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/** What a call needs, so a 403 can name the missing scope (scopes as listed on docs.sentry.io/api). */
const SCOPES = {
  projectRead: "project:read",
  projectWrite: "project:write",
  alertsWrite: "alerts:write",
  orgRead: "org:read",
  releases: "project:releases",
} as const;
type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export class SentryApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: unknown,
    readonly scope: Scope,
  ) {
    super(`${method} ${path} answered ${status}`);
    this.name = "SentryApiError";
  }

  /** One sentence for a person, naming what failed and how to fix it. */
  explain(org: string): string {
    const said = typeof this.body === "string" ? this.body : JSON.stringify(this.body);
    switch (this.status) {
      case 401:
        return `401 Unauthorized: SENTRY_AUTH_TOKEN was rejected (invalid, revoked or expired). Sentry said: ${said}`;
      case 403:
        return `403 Forbidden: the token lacks the "${this.scope}" scope (or access to this object). Create a token with ${this.scope}. Sentry said: ${said}`;
      case 404: {
        const project = /^\/api\/0\/projects\/[^/]+\/([^/]+)\//.exec(this.path)?.[1];
        return project
          ? `404 Not Found: project "${project}" does not exist in organization "${org}" or the token cannot see it (check SENTRY_ORG and SENTRY_PROJECT_*)`
          : `404 Not Found: ${this.path} (check SENTRY_ORG="${org}" and SENTRY_URL). Sentry said: ${said}`;
      }
      case 400:
        return `400 Bad Request: Sentry rejected the request. Sentry said: ${said}`;
      default:
        return `${this.status}: ${this.method} ${this.path} failed. Sentry said: ${said}`;
    }
  }
}

/**
 * A thin typed client over fetch for the endpoints MAMS manages. Replaceable by @sentry/api
 * (generated from the same OpenAPI schema) once the project runs on Node 22: docs/sentry-operations.md.
 */
export class SentryApiClient {
  readonly org: string;
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  /** The Date header of the last response: the doctor compares clocks with it. */
  lastDate: string | undefined;

  constructor(private readonly options: SentryApiClientOptions) {
    this.org = options.org;
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? fetch;
  }

  private async request<T>(method: string, path: string, scope: Scope, body?: unknown): Promise<T> {
    return (await this.send<T>(method, path, scope, body)).data;
  }

  /** Sentry pages lists with a Link header (`rel="next"; results="true"; cursor="…"`): follow it to the end. */
  private async list<T>(path: string, scope: Scope): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < 100; page++) {
      const answer: { data: T[]; link?: string } = await this.send<T[]>("GET", next, scope);
      items.push(...answer.data);
      const nextUrl: string | undefined = answer.link
        ? /<([^>]+)>;\s*rel="next";\s*results="true"/.exec(answer.link)?.[1]
        : undefined;
      next = nextUrl ? new URL(nextUrl).pathname + new URL(nextUrl).search : undefined;
    }
    return items;
  }

  private async send<T>(
    method: string,
    path: string,
    scope: Scope,
    body?: unknown,
  ): Promise<{ data: T; link?: string }> {
    const response = await this.fetchImpl(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.options.token}`,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    this.lastDate = response.headers.get("date") ?? undefined;
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Sentry answers JSON; a proxy in front of it may not.
    }
    if (!response.ok) throw new SentryApiError(response.status, method, path, parsed, scope);
    return { data: parsed as T, link: response.headers.get("link") ?? undefined };
  }

  private project(slug: string) {
    return `/api/0/projects/${encodeURIComponent(this.org)}/${encodeURIComponent(slug)}`;
  }

  private get orgPath() {
    return `/api/0/organizations/${encodeURIComponent(this.org)}`;
  }

  getProject = (project: string) =>
    this.request<Project>("GET", `${this.project(project)}/`, SCOPES.projectRead);
  updateProjectScrubbing = (project: string, body: ProjectScrubbing) =>
    this.request<Project>("PUT", `${this.project(project)}/`, SCOPES.projectWrite, body);

  listIssueAlerts = (project: string) =>
    this.list<IssueAlertRule>(`${this.project(project)}/rules/`, SCOPES.projectRead);
  createIssueAlert = (project: string, body: IssueAlertRuleBody) =>
    this.request<IssueAlertRule>(
      "POST",
      `${this.project(project)}/rules/`,
      SCOPES.alertsWrite,
      body,
    );
  updateIssueAlert = (project: string, id: string, body: IssueAlertRuleBody) =>
    this.request<IssueAlertRule>(
      "PUT",
      `${this.project(project)}/rules/${encodeURIComponent(id)}/`,
      SCOPES.alertsWrite,
      body,
    );

  listMetricAlerts = () =>
    this.list<MetricAlertRule>(`${this.orgPath}/alert-rules/`, SCOPES.orgRead);
  createMetricAlert = (body: MetricAlertRuleBody) =>
    this.request<MetricAlertRule>("POST", `${this.orgPath}/alert-rules/`, SCOPES.alertsWrite, body);
  updateMetricAlert = (id: string, body: MetricAlertRuleBody) =>
    this.request<MetricAlertRule>(
      "PUT",
      `${this.orgPath}/alert-rules/${encodeURIComponent(id)}/`,
      SCOPES.alertsWrite,
      body,
    );

  getOwnership = (project: string) =>
    this.request<ProjectOwnership>(
      "GET",
      `${this.project(project)}/ownership/`,
      SCOPES.projectRead,
    );
  updateOwnership = (project: string, body: ProjectOwnership) =>
    this.request<ProjectOwnership>(
      "PUT",
      `${this.project(project)}/ownership/`,
      SCOPES.projectWrite,
      body,
    );

  listFilters = (project: string) =>
    this.request<InboundFilter[]>("GET", `${this.project(project)}/filters/`, SCOPES.projectRead);
  updateFilter = (project: string, id: string, body: InboundFilterBody) =>
    this.request<void>(
      "PUT",
      `${this.project(project)}/filters/${encodeURIComponent(id)}/`,
      SCOPES.projectWrite,
      body,
    );

  listKeys = (project: string) =>
    this.list<ClientKey>(`${this.project(project)}/keys/`, SCOPES.projectRead);
  updateKeyRateLimit = (project: string, keyId: string, rateLimit: ClientKey["rateLimit"]) =>
    this.request<ClientKey>(
      "PUT",
      `${this.project(project)}/keys/${encodeURIComponent(keyId)}/`,
      SCOPES.projectWrite,
      { rateLimit },
    );

  listUptimeMonitors = () => this.list<UptimeMonitor>(`${this.orgPath}/uptime/`, SCOPES.orgRead);
  createUptimeMonitor = (project: string, body: UptimeMonitorBody) =>
    this.request<UptimeMonitor>(
      "POST",
      `${this.project(project)}/uptime/`,
      SCOPES.alertsWrite,
      body,
    );
  updateUptimeMonitor = (project: string, id: string, body: UptimeMonitorBody) =>
    this.request<UptimeMonitor>(
      "PUT",
      `${this.project(project)}/uptime/${encodeURIComponent(id)}/`,
      SCOPES.alertsWrite,
      body,
    );

  listTeams = () => this.list<Team>(`${this.orgPath}/teams/`, SCOPES.orgRead);

  getRelease = (version: string) =>
    this.request<{ version: string }>(
      "GET",
      `${this.orgPath}/releases/${encodeURIComponent(version)}/`,
      SCOPES.releases,
    );
  /** The artifact-bundle lookup by debug id that Sentry's symbolicator uses. */
  lookupDebugId = (project: string, debugId: string) =>
    this.request<Array<{ id: string; type: string; url: string }>>(
      "GET",
      `${this.project(project)}/artifact-lookup/?debug_id=${encodeURIComponent(debugId)}`,
      SCOPES.releases,
    );
}
