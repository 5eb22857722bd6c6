import type { StoredEnvelope } from "../../shared/sentry-receiver";
import {
  attr,
  eventsOf,
  logsOf,
  spansOf,
  type SentryEvent,
  type SentryLog,
  type SentrySpan,
} from "../../shared/sentry-items";

import { RECEIVER_URL } from "./e2e-config";

export { attr, eventsOf, logsOf, spansOf, type SentryEvent, type SentryLog, type SentrySpan };

export async function fetchEnvelopes(project?: string): Promise<StoredEnvelope[]> {
  const response = await fetch(
    `${RECEIVER_URL}/_receiver/envelopes${project ? `?project=${project}` : ""}`,
  );
  if (!response.ok) throw new Error(`receiver answered ${response.status}`);
  return (await response.json()) as StoredEnvelope[];
}

export async function resetReceiver(): Promise<void> {
  await fetch(`${RECEIVER_URL}/_receiver/reset`, { method: "POST" });
}

async function waitFor<T>(
  what: string,
  find: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function waitForEvent(
  project: string,
  predicate: (event: SentryEvent) => boolean,
  timeoutMs = 15_000,
) {
  return waitFor(
    `an event in project ${project}`,
    async () => eventsOf(await fetchEnvelopes(project)).find(predicate),
    timeoutMs,
  );
}

export function waitForErrorMatching(project: string, pattern: RegExp, timeoutMs = 15_000) {
  return waitForEvent(
    project,
    (event) => (event.exception?.values ?? []).some((v) => pattern.test(v.value ?? "")),
    timeoutMs,
  );
}

export function waitForSpan(
  project: string,
  predicate: (span: SentrySpan) => boolean,
  timeoutMs = 15_000,
) {
  return waitFor(
    `a span in project ${project}`,
    async () => spansOf(await fetchEnvelopes(project)).find(predicate),
    timeoutMs,
  );
}

export function waitForSpanOp(project: string, op: string, timeoutMs = 15_000) {
  return waitForSpan(project, (span) => attr(span, "sentry.op") === op, timeoutMs);
}

export function waitForLog(
  project: string,
  predicate: (log: SentryLog) => boolean,
  timeoutMs = 15_000,
) {
  return waitFor(
    `a log in project ${project}`,
    async () => logsOf(await fetchEnvelopes(project)).find(predicate),
    timeoutMs,
  );
}
