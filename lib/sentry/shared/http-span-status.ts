import type { StreamedSpanJSON } from "@sentry/core";

function raw(span: StreamedSpanJSON, key: string): unknown {
  const value = (span.attributes as Record<string, unknown> | undefined)?.[key];
  return value !== null && typeof value === "object" && "value" in value
    ? (value as { value: unknown }).value
    : value;
}

/**
 * The SDK marks every non-2xx server span as failed. A 404 or a 400 is the server answering correctly
 * (as Sentry's own Next.js apps expect): only 5xx server spans stay errors.
 */
export function clientErrorsAreAnswers(span: StreamedSpanJSON): StreamedSpanJSON {
  if (span.status !== "error" || raw(span, "sentry.op") !== "http.server") return span;
  const code = Number(raw(span, "http.response.status_code"));
  return code >= 400 && code < 500 ? { ...span, status: "ok" } : span;
}
