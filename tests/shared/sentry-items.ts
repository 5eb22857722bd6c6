import type { StoredEnvelope } from "./sentry-receiver";

/** What the Sentry stand-ins received, read as Sentry would: events, spans and logs out of stored envelopes. */
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
      stacktrace?: {
        frames?: Array<{
          filename?: string;
          abs_path?: string;
          lineno?: number;
          colno?: number;
          function?: string;
          in_app?: boolean;
        }>;
      };
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

export function eventsOf(envelopes: StoredEnvelope[]): SentryEvent[] {
  return envelopes.flatMap((e) =>
    e.items.filter((i) => i.header.type === "event").map((i) => i.payload as SentryEvent),
  );
}

export function spansOf(envelopes: StoredEnvelope[]): SentrySpan[] {
  return envelopes.flatMap((e) =>
    e.items
      .filter((i) => i.header.type === "span")
      .flatMap((i) => (i.payload as { items: SentrySpan[] }).items),
  );
}

export function attr(span: SentrySpan, key: string): unknown {
  return span.attributes[key]?.value;
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
  return envelopes.flatMap((e) =>
    e.items
      .filter((i) => i.header.type === "log")
      .flatMap((i) => (i.payload as { items: SentryLog[] }).items),
  );
}
