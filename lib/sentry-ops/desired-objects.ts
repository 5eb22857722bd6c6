// What lib/sentry-ops wants to exist in Sentry, one object at a time. Every object it creates carries
// the OWNED_PREFIX in its name; anything else in Sentry is hand-made and never touched.
import type {
  InboundFilterBody,
  IssueAlertRuleBody,
  MetricAlertRuleBody,
  ProjectOwnership,
  ProjectScrubbing,
  UptimeMonitorBody,
} from "./sentry-api-types";

export const OWNED_PREFIX = "[mams]";

export type ProjectKey = "frontend" | "backend";

export type DesiredObject =
  | { kind: "issue-alert"; project: string; name: string; body: IssueAlertRuleBody }
  | { kind: "metric-alert"; name: string; body: MetricAlertRuleBody }
  | { kind: "ownership"; project: string; name: string; body: ProjectOwnership }
  | { kind: "scrubbing"; project: string; name: string; body: ProjectScrubbing }
  | { kind: "filter"; project: string; name: string; filterId: string; body: InboundFilterBody }
  | {
      kind: "key-rate-limit";
      project: string;
      name: string;
      rateLimit: { window: number; count: number };
    }
  | { kind: "uptime"; project: string; name: string; body: UptimeMonitorBody };

/** Team slug → id, as GET /organizations/{org}/teams/ answered; a missing team drops its email action. */
export type TeamIds = Map<string, string>;
