// Per project: ownership rules, data scrubbing, inbound filters and client key rate limits; and the
// uptime monitors of /api/health.
import { SAFE_FIELD_NAMES, serverSensitiveFields } from "@/lib/sentry/shared/sensitive-names";
import { OWNED_PREFIX, type DesiredObject, type ProjectKey, type TeamIds } from "./desired-objects";
import { OWNERSHIP_SETTINGS, TEAMS, sentryOwnershipRaw } from "./ownership";
import type { InboundFilterBody } from "./sentry-api-types";
import type { OpsSettings } from "./settings";
import { THRESHOLDS } from "./thresholds";

export function projectSettings(settings: OpsSettings, key: ProjectKey): DesiredObject[] {
  const project = settings.projects[key];
  const production = settings.environments.includes("production");
  const filters: Array<[string, InboundFilterBody]> = [
    ["browser-extensions", { active: true }],
    // Local development reports to Spotlight; on projects that receive production, localhost is noise.
    ["localhost", { active: production }],
    ["web-crawlers", { active: true }],
    [
      "legacy-browsers",
      {
        subfilters: ["ie", "edge", "safari", "firefox", "chrome", "opera", "opera_mini", "android"],
      },
    ],
  ];
  const perMinute = Math.min(
    ...settings.environments.map(
      (environment) => THRESHOLDS[environment].eventsPerMinutePerKey[key],
    ),
  );
  return [
    {
      kind: "ownership",
      project,
      name: `ownership rules of ${project}`,
      body: { raw: sentryOwnershipRaw(key), ...OWNERSHIP_SETTINGS },
    },
    {
      kind: "scrubbing",
      project,
      name: `data scrubbing of ${project}`,
      body: {
        dataScrubber: true,
        dataScrubberDefaults: true,
        scrubIPAddresses: true,
        sensitiveFields: serverSensitiveFields(),
        safeFields: [...SAFE_FIELD_NAMES],
      },
    },
    ...filters.map(
      ([filterId, body]): DesiredObject => ({
        kind: "filter",
        project,
        name: `inbound filter ${filterId} of ${project}`,
        filterId,
        body,
      }),
    ),
    {
      kind: "key-rate-limit",
      project,
      name: `client key rate limits of ${project}`,
      rateLimit: { window: 60, count: perMinute },
    },
  ];
}

export function uptimeMonitors(settings: OpsSettings, teams: TeamIds): DesiredObject[] {
  const teamId = teams.get(TEAMS.backend);
  return settings.environments.flatMap((environment): DesiredObject[] => {
    const base = settings.uptimeUrls[environment];
    if (!base) return [];
    const name = `${OWNED_PREFIX} ${environment} /api/health`;
    return [
      {
        kind: "uptime",
        project: settings.projects.backend,
        name,
        body: {
          name,
          url: new URL("/api/health", base).toString(),
          intervalSeconds: 60,
          timeoutMs: 5000,
          method: "GET",
          environment,
          owner: teamId ? `team:${teamId}` : null,
        },
      },
    ];
  });
}
