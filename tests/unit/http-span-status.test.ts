import type { StreamedSpanJSON } from "@sentry/core";
import { describe, expect, it } from "vitest";
import { clientErrorsAreAnswers } from "@/lib/sentry/shared/http-span-status";

const span = (status: "ok" | "error", code: number, op = "http.server"): StreamedSpanJSON => ({
  trace_id: "t".repeat(32),
  span_id: "s".repeat(16),
  name: "GET /api/rooms/[roomId]",
  start_timestamp: 1,
  end_timestamp: 2,
  status,
  is_segment: true,
  attributes: { "sentry.op": op, "http.response.status_code": code },
});

describe("http.server span status", () => {
  it("a 4xx answer is not a failed span; a 5xx stays one", () => {
    expect(clientErrorsAreAnswers(span("error", 404)).status).toBe("ok");
    expect(clientErrorsAreAnswers(span("error", 400)).status).toBe("ok");
    expect(clientErrorsAreAnswers(span("error", 500)).status).toBe("error");
    expect(clientErrorsAreAnswers(span("error", 503)).status).toBe("error");
  });

  it("leaves other spans alone", () => {
    expect(clientErrorsAreAnswers(span("error", 404, "http.client")).status).toBe("error");
    expect(clientErrorsAreAnswers(span("ok", 200)).status).toBe("ok");
  });
});
