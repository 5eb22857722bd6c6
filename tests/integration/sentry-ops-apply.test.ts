import { afterEach, describe, expect, it } from "vitest";
import { OWNED_PREFIX } from "@/lib/sentry-ops/desired-objects";
import { MANAGED_END, mergeOwnershipRaw, sentryOwnershipRaw } from "@/lib/sentry-ops/ownership";
import { THRESHOLDS } from "@/lib/sentry-ops/thresholds";
import { serverSensitiveFields } from "@/lib/sentry/shared/sensitive-names";
import { startOpsStub } from "./support/sentry-ops-harness";

let harness: Awaited<ReturnType<typeof startOpsStub>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const SLACK = {
  SENTRY_OPS_SLACK_INTEGRATION_ID: "41",
  SENTRY_OPS_SLACK_CHANNEL_WARNING: "#mams-alerts",
  SENTRY_OPS_SLACK_CHANNEL_CRITICAL: "#mams-incidents",
};
const JIRA = {
  SENTRY_OPS_JIRA_INTEGRATION_ID: "42",
  SENTRY_OPS_JIRA_PROJECT: "10001",
  SENTRY_OPS_JIRA_ISSUE_TYPE: "10004",
};

describe("sentry:apply against the Sentry API stand-in", () => {
  it("creates everything on the first run, then finds nothing to change", async () => {
    harness = await startOpsStub({
      integrations: [
        { id: 41, provider: "slack" },
        { id: 42, provider: "jira" },
      ],
    });
    const env = { ...SLACK, ...JIRA, SENTRY_OPS_UPTIME_URL_PRODUCTION: "https://mams.example.com" };
    const first = await harness.run("apply", env);
    expect(first.text).not.toContain("✗");
    expect(first.code).toBe(0);

    const { ops } = harness.stub;
    const backend = ops.projects.get("mams-backend")!;
    expect(backend.rules.map((rule) => rule.name).sort()).toEqual(
      ["new issue", "issue spike", "regression"]
        .flatMap((what) => ["production", "staging"].map((env) => `${OWNED_PREFIX} ${env} ${what}`))
        .sort(),
    );
    expect(ops.metricAlerts).toHaveLength(20);
    expect(backend.ownership).toMatchObject({
      raw: mergeOwnershipRaw(null, sentryOwnershipRaw("backend")),
      fallthrough: true,
      autoAssignment: "Auto Assign to Issue Owner",
    });
    expect(backend.settings).toEqual({
      dataScrubber: true,
      dataScrubberDefaults: true,
      scrubIPAddresses: true,
      sensitiveFields: serverSensitiveFields(),
      safeFields: expect.arrayContaining(["session_id"]),
    });
    expect(backend.filters).toMatchObject({
      "browser-extensions": true,
      localhost: true,
      "web-crawlers": true,
      "legacy-browsers": expect.arrayContaining(["ie", "safari"]),
    });
    expect(backend.keys[0]!.rateLimit).toEqual({
      window: 60,
      count: THRESHOLDS.staging.eventsPerMinutePerKey.backend,
    });
    expect(ops.uptime).toEqual([
      expect.objectContaining({
        url: "https://mams.example.com/api/health",
        environment: "production",
        projectSlug: "mams-backend",
      }),
    ]);

    const spike = backend.rules.find(
      (rule) => rule.name === `${OWNED_PREFIX} production issue spike`,
    )!;
    expect((spike.actions as Array<{ id: string }>).map((action) => action.id)).toEqual([
      "sentry.mail.actions.NotifyEmailAction",
      "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
      "sentry.integrations.jira.notify_action.JiraCreateTicketAction",
    ]);
    const newIssue = backend.rules.find(
      (rule) => rule.name === `${OWNED_PREFIX} production new issue`,
    )!;
    expect(newIssue.actions).toContainEqual(expect.objectContaining({ channel: "#mams-alerts" }));
    expect(
      (newIssue.actions as Array<{ id: string }>).some((action) => action.id.includes("jira")),
    ).toBe(false);
    const llm = ops.metricAlerts.find(
      (rule) => rule.name === `${OWNED_PREFIX} production LLM provider faults`,
    )!;
    const llmTeam = ops.teams.find((team) => team.slug === "mams-llm")!;
    expect(llm).toMatchObject({
      dataset: "events",
      query: "error.code:LLM_*",
      timeWindow: 10,
      owner: `team:${llmTeam.id}`,
    });

    const writes = ops.writes.length;
    const second = await harness.run("apply", env);
    expect(second.code).toBe(0);
    expect(second.text).toContain("No changes");
    expect(ops.writes.length).toBe(writes);
    expect((await harness.run("plan", env)).text).toContain("No changes");
    // Every call plan/apply made is one the stand-in knows (it logs any other): no protocol drift.
    expect(harness.stub.unknown).toEqual([]);
  });

  it("plans and applies a changed threshold as an update of exactly that rule", async () => {
    harness = await startOpsStub();
    await harness.run("apply");
    const levels = THRESHOLDS.production.latencyMs["create-episode"].p95;
    const before = levels.critical;
    levels.critical = 1800;
    try {
      const writes = harness.stub.ops.writes.length;
      const plan = await harness.run("plan");
      expect(plan.text).toContain(
        `~ update metric alert "${OWNED_PREFIX} production p95 POST /api/episodes"`,
      );
      expect(plan.text).toContain("triggers[0].alertThreshold: 1500 → 1800");
      expect(plan.text).toMatch(/Plan: 0 to create, 1 to update/);
      expect(harness.stub.ops.writes.length).toBe(writes);

      const apply = await harness.run("apply");
      expect(apply.code).toBe(0);
      const rule = harness.stub.ops.metricAlerts.find(
        (r) => r.name === `${OWNED_PREFIX} production p95 POST /api/episodes`,
      )!;
      expect(harness.stub.ops.writes.slice(writes)).toEqual([
        `PUT /api/0/organizations/mams-ops/alert-rules/${rule.id}/`,
      ]);
      expect((rule.triggers as Array<{ alertThreshold: number }>)[0]!.alertThreshold).toBe(1800);
    } finally {
      levels.critical = before;
    }
  });

  it("reads every page of a paged list, so a second run still finds its rules", async () => {
    harness = await startOpsStub({ pageSize: 4 });
    expect((await harness.run("apply")).code).toBe(0);
    expect(harness.stub.ops.metricAlerts).toHaveLength(20);
    const second = await harness.run("apply");
    expect(second.text).toContain("No changes");
    expect(harness.stub.ops.metricAlerts).toHaveLength(20);
  });

  it("never edits a hand-made rule, even one whose name looks like ours", async () => {
    harness = await startOpsStub();
    const backend = harness.stub.ops.projects.get("mams-backend")!;
    const handMade = [
      {
        id: "7",
        name: "production new issue",
        actionMatch: "all",
        frequency: 5,
        conditions: [],
        actions: [],
        filters: [],
      },
      {
        id: "8",
        name: "Page me on anything",
        actionMatch: "any",
        frequency: 5,
        conditions: [],
        actions: [],
        filters: [],
      },
    ];
    backend.rules.push(...structuredClone(handMade));
    harness.stub.ops.metricAlerts.push({ id: "9", name: "My latency alert", triggers: [] });
    backend.ownership.raw = "path:lib/engine/rules.ts #mams-llm";
    backend.settings.sensitiveFields = ["customer_ref"];
    const result = await harness.run("apply");
    expect(result.code).toBe(0);
    // Hand-made ownership rules stay, below our block, where they still win.
    expect(
      backend.ownership.raw!.endsWith(`${MANAGED_END}\npath:lib/engine/rules.ts #mams-llm`),
    ).toBe(true);
    expect(backend.ownership.raw).toContain("path:lib/ai/** #mams-llm");
    expect(backend.settings.sensitiveFields).toEqual([...serverSensitiveFields(), "customer_ref"]);
    expect((await harness.run("apply")).text).toContain("No changes");
    expect(backend.rules.filter((rule) => ["7", "8"].includes(rule.id))).toEqual(handMade);
    expect(harness.stub.ops.metricAlerts.find((rule) => rule.id === "9")).toEqual({
      id: "9",
      name: "My latency alert",
      triggers: [],
    });
    expect(
      harness.stub.ops.writes.some((write) => /rules\/[789]\/|alert-rules\/9\//.test(write)),
    ).toBe(false);
  });

  it("skips a missing Slack or Jira integration with one line each and still succeeds", async () => {
    harness = await startOpsStub();
    const result = await harness.run("apply");
    expect(result.code).toBe(0);
    expect(result.lines.filter((line) => line.startsWith("- Slack: skipped"))).toHaveLength(1);
    expect(result.lines.filter((line) => line.startsWith("- Jira: skipped"))).toHaveLength(1);
    const actions = harness.stub.ops.projects
      .get("mams-frontend")!
      .rules.flatMap((rule) => rule.actions as Array<{ id: string }>);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((action) => action.id === "sentry.mail.actions.NotifyEmailAction")).toBe(
      true,
    );
  });
});

describe("sentry:plan and sentry:apply failures name the object", () => {
  it("401: one line about the token, non-zero exit, nothing written", async () => {
    harness = await startOpsStub();
    const result = await harness.run("apply", { SENTRY_AUTH_TOKEN: "sntrys_wrong" });
    expect(result.code).not.toBe(0);
    expect(result.text).toContain(
      `✗ teams of organization "mams-ops": 401 Unauthorized: SENTRY_AUTH_TOKEN was rejected`,
    );
    expect(result.text).toContain('"detail":"Invalid token"');
    expect(harness.stub.ops.writes).toEqual([]);
  });

  it("403: each write names the object and the missing scope", async () => {
    harness = await startOpsStub();
    const { READ_ONLY_TOKEN } = await import("./support/sentry-ops-harness");
    const plan = await harness.run("plan", { SENTRY_AUTH_TOKEN: READ_ONLY_TOKEN });
    expect(plan.code).toBe(0);
    const result = await harness.run("apply", { SENTRY_AUTH_TOKEN: READ_ONLY_TOKEN });
    expect(result.code).not.toBe(0);
    expect(result.text).toContain(
      `✗ issue alert "${OWNED_PREFIX} production new issue" in mams-backend: 403 Forbidden: the token lacks the "alerts:write" scope`,
    );
    expect(result.text).toContain(
      `✗ data scrubbing of mams-backend: 403 Forbidden: the token lacks the "project:write" scope`,
    );
    expect(harness.stub.ops.writes).toEqual([]);
  });

  it("404: a wrong project slug fails its objects, the other project is still converged, exit non-zero", async () => {
    harness = await startOpsStub();
    const result = await harness.run("apply", { SENTRY_PROJECT_BACKEND: "mams-bakend" });
    expect(result.code).not.toBe(0);
    expect(result.text).toContain(
      `✗ issue alert "${OWNED_PREFIX} staging regression" in mams-bakend: 404 Not Found: project "mams-bakend" does not exist in organization "mams-ops"`,
    );
    expect(result.text).toContain(
      `✓ issue alert "${OWNED_PREFIX} staging regression" in mams-frontend: created`,
    );
    expect(harness.stub.ops.projects.get("mams-frontend")!.rules).toHaveLength(6);
  });

  it("400: Sentry's answer is quoted (unknown Slack workspace, unknown team) and the rest is applied", async () => {
    harness = await startOpsStub({ teams: ["mams-backend", "mams-frontend"] });
    const result = await harness.run("apply", SLACK);
    expect(result.code).not.toBe(0);
    expect(result.text).toContain(
      `✗ issue alert "${OWNED_PREFIX} production new issue" in mams-backend: 400 Bad Request: Sentry rejected the request. Sentry said: {"actions":["Slack: Workspace is a required field."]}`,
    );
    expect(result.text).toContain(
      `✗ ownership rules of mams-backend: 400 Bad Request: Sentry rejected the request. Sentry said: {"raw":["Invalid rule owners: #mams-llm"]}`,
    );
    expect(result.text).toContain("- Team #mams-llm: not found");
    expect(result.text).toContain("✓ data scrubbing of mams-backend: updated");
    expect(result.text).toMatch(/Apply: [1-9]\d* changed, \d+ already up to date, [1-9]\d* failed/);
  });
});
