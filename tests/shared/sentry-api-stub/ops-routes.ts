// The operational endpoints of Sentry's web API that `npm run sentry:plan|apply` speaks: issue alert
// rules, metric alert rules, ownership, project settings, inbound filters, client keys, uptime
// monitors, teams. State lives in memory; every write is logged so tests can assert what changed.
import { randomBytes } from "node:crypto";
import {
  validateIssueRule,
  validateMetricRule,
  validateOwnership,
  validateUptime,
  type Context,
  type Errors,
} from "./ops-validate";

type Body = Record<string, unknown>;
export type StubProject = {
  id: string;
  slug: string;
  settings: {
    dataScrubber: boolean;
    dataScrubberDefaults: boolean;
    scrubIPAddresses: boolean;
    sensitiveFields: string[];
    safeFields: string[];
  };
  ownership: {
    raw: string | null;
    fallthrough: boolean;
    autoAssignment: string;
    codeownersAutoSync: boolean;
  };
  filters: Record<string, boolean | string[]>;
  keys: Array<{
    id: string;
    name: string;
    isActive: boolean;
    rateLimit: { window: number; count: number } | null;
  }>;
  rules: Array<Body & { id: string }>;
};
export type OpsStubOptions = {
  projects?: string[];
  teams?: string[];
  integrations?: Array<{ id: number; provider: "slack" | "jira" }>;
  environments?: string[];
  /** Lists are paged like Sentry's (cursor + Link header); 25 by default. */
  pageSize?: number;
};
export type Reply = (status: number, body?: unknown, headers?: Record<string, string>) => void;

const FORBIDDEN = { detail: "You do not have permission to perform this action." };
const NOT_FOUND = { detail: "The requested resource does not exist" };

export function createOpsState(options: OpsStubOptions = {}) {
  let nextId = 100;
  const id = () => String(nextId++);
  const projects = new Map<string, StubProject>();
  for (const slug of options.projects ?? ["mams-frontend", "mams-backend"]) {
    projects.set(slug, {
      id: id(),
      slug,
      settings: {
        dataScrubber: false,
        dataScrubberDefaults: false,
        scrubIPAddresses: false,
        sensitiveFields: [],
        safeFields: [],
      },
      ownership: {
        raw: null,
        fallthrough: true,
        autoAssignment: "Turn off Auto-Assignment",
        codeownersAutoSync: true,
      },
      filters: {
        "browser-extensions": false,
        localhost: false,
        "web-crawlers": false,
        "legacy-browsers": false,
        "filtered-transaction": true,
      },
      keys: [
        { id: randomBytes(16).toString("hex"), name: "Default", isActive: true, rateLimit: null },
      ],
      rules: [],
    });
  }
  return {
    id,
    projects,
    teams: (options.teams ?? ["mams-llm", "mams-backend", "mams-frontend"]).map((slug) => ({
      id: id(),
      slug,
    })),
    integrations: options.integrations ?? [],
    environments: options.environments ?? ["staging", "production"],
    pageSize: options.pageSize ?? 25,
    metricAlerts: [] as Array<Body & { id: string }>,
    uptime: [] as Array<Body & { id: string; projectSlug: string }>,
    /** Every accepted write: "PUT /api/0/projects/o/p/rules/12/". */
    writes: [] as string[],
  };
}
export type OpsState = ReturnType<typeof createOpsState>;

/** A metric alert as GET answers it: ids everywhere, `integrationId` instead of `integration`. */
function serialiseMetricAlert(state: OpsState, ruleId: string, body: Body): Body & { id: string } {
  const triggers = (body.triggers as Body[]).map((trigger) => ({
    ...trigger,
    id: state.id(),
    alertRuleId: ruleId,
    thresholdType: body.thresholdType,
    resolveThreshold: body.resolveThreshold,
    actions: ((trigger.actions as Body[] | undefined) ?? []).map(({ integration, ...action }) => ({
      ...action,
      id: state.id(),
      targetIdentifier: String(action.targetIdentifier),
      integrationId: integration ?? null,
      desc: `Send a ${String(action.type)} notification`,
    })),
  }));
  return { ...body, id: ruleId, triggers, status: 0, dateCreated: new Date().toISOString() };
}

/**
 * Handles the path when it is one of ours; returns false otherwise so the caller can log it as unknown.
 * `scopes` are the token's scopes: a write without the scope answers 403 like Sentry.
 */
export function handleOpsRequest(
  state: OpsState,
  org: string,
  method: string,
  path: string,
  query: URLSearchParams,
  body: Body,
  scopes: ReadonlySet<string>,
  reply: Reply,
): boolean {
  const list = (items: unknown[]) => {
    const offset = Number((query.get("cursor") ?? "0:0:0").split(":")[1]) || 0;
    const more = offset + state.pageSize < items.length;
    const next = `0:${offset + state.pageSize}:0`;
    reply(200, items.slice(offset, offset + state.pageSize), {
      link: `<http://stub${path}?cursor=${next}>; rel="next"; results="${more}"; cursor="${next}"`,
    });
    return true;
  };
  const ctx: Context = {
    integrations: state.integrations,
    teams: state.teams,
    environments: state.environments,
    projects: [...state.projects.keys()],
  };
  const can = (...anyOf: string[]) => anyOf.some((scope) => scopes.has(scope));
  const answer400 = (errors: Errors) =>
    Object.keys(errors).length ? (reply(400, errors), true) : false;
  const write = () => state.writes.push(`${method} ${path}`);

  const orgPrefix = `/api/0/organizations/${org}/`;
  if (path === `${orgPrefix}teams/` && method === "GET")
    return can("org:read", "team:read") ? list(state.teams) : (reply(403, FORBIDDEN), true);
  if (path === `${orgPrefix}uptime/` && method === "GET")
    return can("org:read", "alerts:read") ? list(state.uptime) : (reply(403, FORBIDDEN), true);

  const metric = new RegExp(`^${orgPrefix}alert-rules/(?:(\\d+)/)?$`).exec(path);
  if (metric) {
    if (method === "GET" && !metric[1])
      return can("org:read", "alerts:read")
        ? list(state.metricAlerts)
        : (reply(403, FORBIDDEN), true);
    if (!can("alerts:write", "org:write")) return (reply(403, FORBIDDEN), true);
    if (answer400(validateMetricRule(body, ctx))) return true;
    if (method === "POST" && !metric[1]) {
      const rule = serialiseMetricAlert(state, state.id(), body);
      state.metricAlerts.push(rule);
      write();
      return (reply(201, rule), true);
    }
    const index = state.metricAlerts.findIndex((rule) => rule.id === metric[1]);
    if (method === "PUT" && index !== -1) {
      state.metricAlerts[index] = serialiseMetricAlert(state, metric[1]!, body);
      write();
      return (reply(200, state.metricAlerts[index]), true);
    }
    return (reply(404, NOT_FOUND), true);
  }

  const projectMatch = /^\/api\/0\/projects\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
  if (!projectMatch || projectMatch[1] !== org) return false;
  const rest = projectMatch[3]!;
  const known =
    /^(|rules\/(\d+\/)?|ownership\/|filters\/([\w-]+\/)?|keys\/([\w-]+\/)?|uptime\/(\d+\/)?)$/.test(
      rest,
    );
  if (!known) return false;
  const project = state.projects.get(projectMatch[2]!);
  if (!project) return (reply(404, NOT_FOUND), true);
  const reading = method === "GET";
  if (reading && !can("project:read", "project:write", "project:admin", "alerts:read"))
    return (reply(403, FORBIDDEN), true);
  const alertPath = rest.startsWith("rules/") || rest.startsWith("uptime/");
  if (
    !reading &&
    !(alertPath
      ? can("alerts:write", "project:write", "project:admin")
      : can("project:write", "project:admin"))
  )
    return (reply(403, FORBIDDEN), true);

  if (rest === "") {
    if (reading)
      return (reply(200, { id: project.id, slug: project.slug, ...project.settings }), true);
    for (const field of ["sensitiveFields", "safeFields"] as const) {
      if (
        body[field] !== undefined &&
        (!Array.isArray(body[field]) ||
          (body[field] as unknown[]).some((v) => typeof v !== "string"))
      )
        return answer400({ [field]: ["Expected a list of items."] });
    }
    for (const field of Object.keys(project.settings) as Array<keyof StubProject["settings"]>)
      if (body[field] !== undefined)
        (project.settings as Record<string, unknown>)[field] = body[field];
    write();
    return (reply(200, { id: project.id, slug: project.slug, ...project.settings }), true);
  }
  if (rest === "ownership/") {
    if (reading) return (reply(200, project.ownership), true);
    if (answer400(validateOwnership(body, ctx))) return true;
    Object.assign(project.ownership, body);
    write();
    return (reply(200, project.ownership), true);
  }
  if (rest.startsWith("filters/")) {
    const filterId = rest.slice("filters/".length, -1);
    if (!filterId && reading)
      return (
        reply(
          200,
          Object.entries(project.filters).map(([key, active]) => ({ id: key, active })),
        ),
        true
      );
    if (!(filterId in project.filters)) return (reply(404, NOT_FOUND), true);
    if (filterId === "legacy-browsers" && body.subfilters !== undefined) {
      const allowed = [
        "ie",
        "edge",
        "safari",
        "firefox",
        "chrome",
        "opera",
        "android",
        "opera_mini",
      ];
      const bad = (body.subfilters as unknown[]).filter((name) => !allowed.includes(String(name)));
      if (bad.length)
        return answer400({
          subfilters: bad.map((name) => `"${String(name)}" is not a valid choice.`),
        });
      project.filters[filterId] = (body.subfilters as string[]).length
        ? [...(body.subfilters as string[])]
        : false;
    } else if (typeof body.active === "boolean") project.filters[filterId] = body.active;
    else return answer400({ active: ["This field is required."] });
    write();
    return (reply(201), true);
  }
  if (rest.startsWith("keys/")) {
    const keyId = rest.slice("keys/".length, -1);
    if (!keyId && reading) return list(project.keys);
    const key = project.keys.find((k) => k.id === keyId);
    if (!key) return (reply(404, NOT_FOUND), true);
    const limit = body.rateLimit as { window?: unknown; count?: unknown } | null | undefined;
    if (limit && (!Number.isInteger(limit.window) || !Number.isInteger(limit.count)))
      return answer400({ rateLimit: ["window and count must be integers"] });
    if (limit !== undefined) key.rateLimit = limit as typeof key.rateLimit;
    write();
    return (reply(200, key), true);
  }
  if (rest.startsWith("uptime/")) {
    const monitorId = rest.slice("uptime/".length, -1);
    if (answer400(validateUptime(body, ctx, Boolean(monitorId)))) return true;
    const serialise = (monitorIdValue: string) => {
      const owner =
        typeof body.owner === "string" ? { type: "team", id: body.owner.split(":")[1] } : null;
      return {
        status: "active",
        method: "GET",
        ...body,
        owner,
        id: monitorIdValue,
        projectSlug: project.slug,
      };
    };
    if (method === "POST" && !monitorId) {
      const monitor = serialise(state.id());
      state.uptime.push(monitor);
      write();
      return (reply(201, monitor), true);
    }
    const index = state.uptime.findIndex(
      (monitor) => monitor.id === monitorId && monitor.projectSlug === project.slug,
    );
    if (method !== "PUT" || index === -1) return (reply(404, NOT_FOUND), true);
    state.uptime[index] = serialise(monitorId);
    write();
    return (reply(200, state.uptime[index]), true);
  }
  // rules/ and rules/{id}/
  const ruleId = rest.slice("rules/".length, -1);
  if (reading && !ruleId) return list(project.rules);
  if (answer400(validateIssueRule(body, ctx))) return true;
  // Sentry answers each node with its label and, for Slack, the resolved channel id.
  const stored = (ruleIdValue: string) => ({
    ...body,
    id: ruleIdValue,
    filters: (body.filters as Body[] | undefined) ?? [],
    actions: (body.actions as Body[]).map((action) => ({
      ...action,
      name: `action ${String(action.id).split(".").pop()}`,
      ...(action.channel ? { channel_id: "C0123" } : {}),
    })),
    conditions: (body.conditions as Body[]).map((condition) => ({
      ...condition,
      name: `condition ${String(condition.id).split(".").pop()}`,
    })),
    dateCreated: new Date().toISOString(),
  });
  if (method === "POST" && !ruleId) {
    const rule = stored(state.id());
    project.rules.push(rule);
    write();
    return (reply(201, rule), true);
  }
  const index = project.rules.findIndex((rule) => rule.id === ruleId);
  if (method !== "PUT" || index === -1) return (reply(404, NOT_FOUND), true);
  project.rules[index] = stored(ruleId);
  write();
  return (reply(200, project.rules[index]), true);
}
