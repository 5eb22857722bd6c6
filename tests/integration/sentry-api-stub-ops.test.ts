import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SentryApiClient, SentryApiError } from "@/lib/sentry-ops/sentry-api-client";
import type { IssueAlertRuleBody, MetricAlertRuleBody } from "@/lib/sentry-ops/sentry-api-types";
import { createSentryApiStub } from "../shared/sentry-api-stub";

const TOKEN = "sntrys_stub_ops_token_0123456789abcdef";
let stub: ReturnType<typeof createSentryApiStub>;
let client: SentryApiClient;
let url: string;

beforeEach(async () => {
  stub = createSentryApiStub({
    token: TOKEN,
    org: "acme",
    tokens: { sntrys_read_only: ["project:read"] },
  });
  url = await stub.listen(0);
  client = new SentryApiClient({ baseUrl: url, token: TOKEN, org: "acme" });
});
afterEach(() => stub.close());

async function rejection(promise: Promise<unknown>): Promise<SentryApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SentryApiError);
  return error as SentryApiError;
}

const rule: IssueAlertRuleBody = {
  name: "r",
  environment: "production",
  actionMatch: "all",
  frequency: 30,
  conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
  filters: [],
  actions: [
    {
      id: "sentry.mail.actions.NotifyEmailAction",
      targetType: "IssueOwners",
      fallthroughType: "ActiveMembers",
    },
  ],
};

describe("the Sentry API stand-in validates like Sentry", () => {
  it("rejects an unknown condition id with RuleNodeField's message", async () => {
    const error = await rejection(
      client.createIssueAlert("mams-backend", {
        ...rule,
        conditions: [{ id: "sentry.rules.conditions.nope.NopeCondition" }],
      }),
    );
    expect([error.status, error.body]).toEqual([
      400,
      { conditions: ["Invalid node. Could not find 'sentry.rules.conditions.nope.NopeCondition'"] },
    ]);
  });

  it("names each missing field, and rejects a frequency interval Sentry does not offer", async () => {
    const missing = await rejection(
      client.createIssueAlert("mams-backend", {
        environment: null,
      } as unknown as IssueAlertRuleBody),
    );
    expect(missing.body).toEqual({
      name: ["This field is required."],
      actionMatch: ["This field is required."],
      frequency: ["This field is required."],
      conditions: ["This field is required."],
      actions: ["This field is required."],
    });
    const tenMinutes = await rejection(
      client.createIssueAlert("mams-backend", {
        ...rule,
        conditions: [
          {
            id: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
            interval: "10m",
            value: 5,
            comparisonType: "count",
          },
        ],
      }),
    );
    expect(tenMinutes.body).toEqual({
      conditions: ["Select a valid choice. 10m is not one of the available choices."],
    });
  });

  it("checks metric alert triggers: labels, order, resolve threshold", async () => {
    const body: MetricAlertRuleBody = {
      name: "m",
      dataset: "events",
      aggregate: "count()",
      query: "",
      timeWindow: 10,
      thresholdType: 0,
      resolveThreshold: 1,
      environment: null,
      projects: ["mams-backend"],
      triggers: [
        { label: "critical", alertThreshold: 5, actions: [] },
        { label: "warning", alertThreshold: 9, actions: [] },
      ],
    };
    expect((await rejection(client.createMetricAlert(body))).body).toEqual({
      nonFieldErrors: ["Critical trigger must have an alert threshold above warning trigger"],
    });
    expect(
      (
        await rejection(
          client.createMetricAlert({
            ...body,
            triggers: [{ label: "warning", alertThreshold: 5, actions: [] }],
          }),
        )
      ).body,
    ).toEqual({ nonFieldErrors: ['Trigger 1 must be labeled "critical"'] });
    expect(
      (
        await rejection(
          client.createMetricAlert({
            ...body,
            resolveThreshold: 7,
            triggers: [{ label: "critical", alertThreshold: 5, actions: [] }],
          }),
        )
      ).body,
    ).toEqual({ nonFieldErrors: ["critical alert threshold must be above resolution threshold"] });
    expect(
      await client.createMetricAlert({
        ...body,
        triggers: [
          { label: "critical", alertThreshold: 9, actions: [] },
          { label: "warning", alertThreshold: 5, actions: [] },
        ],
      }),
    ).toMatchObject({ name: "m" });
  });

  it("answers 401 for an unknown token and 403 for a missing scope, and names the scope in the message", async () => {
    const unknownToken = await rejection(
      new SentryApiClient({ baseUrl: url, token: "nope", org: "acme" }).listIssueAlerts(
        "mams-backend",
      ),
    );
    expect([unknownToken.status, unknownToken.body]).toEqual([401, { detail: "Invalid token" }]);
    const readOnly = new SentryApiClient({ baseUrl: url, token: "sntrys_read_only", org: "acme" });
    expect(await readOnly.listIssueAlerts("mams-backend")).toEqual([]);
    const forbidden = await rejection(readOnly.createIssueAlert("mams-backend", rule));
    expect(forbidden.status).toBe(403);
    expect(forbidden.explain("acme")).toContain('lacks the "alerts:write" scope');
  });

  it("still logs an endpoint it does not know and answers 404", async () => {
    const response = await fetch(`${url}/api/0/projects/acme/mams-backend/not-an-endpoint/`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(404);
    expect(stub.unknown).toEqual(["GET /api/0/projects/acme/mams-backend/not-an-endpoint/"]);
  });
});
