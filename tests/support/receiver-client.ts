import type { StoredEnvelope } from "./sentry-receiver";
import { RECEIVER_URL } from "./e2e-config";

export type SentryEvent = {
  event_id: string;
  message?: string;
  level?: string;
  environment?: string;
  release?: string;
  transaction?: string;
  tags?: Record<string, string>;
  contexts?: Record<string, Record<string, unknown>>;
  breadcrumbs?: Array<{ category?: string; message?: string; data?: Record<string, unknown> }>;
  fingerprint?: string[];
  request?: Record<string, unknown>;
  user?: Record<string, unknown>;
  debug_meta?: { images?: Array<{ type: string; code_file: string; debug_id: string }> };
  exception?: {
    values?: Array<{
      type?: string;
      value?: string;
      mechanism?: { type?: string; handled?: boolean };
      stacktrace?: { frames?: Array<{ filename?: string; abs_path?: string; lineno?: number; colno?: number; function?: string; in_app?: boolean }> };
    }>;
  };
};

export type SentrySpan = {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  is_segment: boolean;
  status: string;
  start_timestamp: number;
  end_timestamp: number;
  attributes: Record<string, { type: string; value: unknown }>;
};

export async function fetchEnvelopes(project?: string): Promise<StoredEnvelope[]> {
  const response = await fetch(`${RECEIVER_URL}/_receiver/envelopes${project ? `?project=${project}` : ""}`);
  if (!response.ok) throw new Error(`receiver answered ${response.status}`);
  return (await response.json()) as StoredEnvelope[];
}

export async function resetReceiver(): Promise<void> {
  await fetch(`${RECEIVER_URL}/_receiver/reset`, { method: "POST" });
}

export function eventsOf(envelopes: StoredEnvelope[]): SentryEvent[] {
  return envelopes.flatMap((e) => e.items.filter((i) => i.header.type === "event").map((i) => i.payload as SentryEvent));
}

export function spansOf(envelopes: StoredEnvelope[]): SentrySpan[] {
  return envelopes.flatMap((e) =>
    e.items.filter((i) => i.header.type === "span").flatMap((i) => (i.payload as { items: SentrySpan[] }).items),
  );
}

export function attr(span: SentrySpan, key: string): unknown {
  return span.attributes[key]?.value;
}

async function waitFor<T>(what: string, find: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function waitForEvent(project: string, predicate: (event: SentryEvent) => boolean, timeoutMs = 15_000) {
  return waitFor(`an event in project ${project}`, async () => eventsOf(await fetchEnvelopes(project)).find(predicate), timeoutMs);
}

export function waitForErrorMatching(project: string, pattern: RegExp, timeoutMs = 15_000) {
  return waitForEvent(project, (event) => (event.exception?.values ?? []).some((v) => pattern.test(v.value ?? "")), timeoutMs);
}

export function waitForSpan(project: string, predicate: (span: SentrySpan) => boolean, timeoutMs = 15_000) {
  return waitFor(`a span in project ${project}`, async () => spansOf(await fetchEnvelopes(project)).find(predicate), timeoutMs);
}

export function waitForSpanOp(project: string, op: string, timeoutMs = 15_000) {
  return waitForSpan(project, (span) => attr(span, "sentry.op") === op, timeoutMs);
}

export type SentryLog = {
  timestamp: number;
  level: string;
  body: string;
  trace_id?: string;
  attributes: Record<string, { type: string; value: unknown }>;
};

/** Sentry Logs: `log` items carry `{ items: [...] }`. */
export function logsOf(envelopes: StoredEnvelope[]): SentryLog[] {
  return envelopes.flatMap((e) => e.items.filter((i) => i.header.type === "log").flatMap((i) => (i.payload as { items: SentryLog[] }).items));
}

export function waitForLog(project: string, predicate: (log: SentryLog) => boolean, timeoutMs = 15_000) {
  return waitFor(`a log in project ${project}`, async () => logsOf(await fetchEnvelopes(project)).find(predicate), timeoutMs);
}
