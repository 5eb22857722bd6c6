import type { ErrorEvent, StreamedSpanJSON } from "@sentry/core";
import { describe, expect, it } from "vitest";
import {
  FILTERED,
  scrubBreadcrumb,
  scrubEvent,
  scrubSpan,
  scrubString,
} from "@/lib/sentry/shared/scrub";

describe("scrubString", () => {
  it.each([
    [
      "provider key",
      "calling with sk-proj-abcdefghijklmnopqrstuvwx failed",
      "sk-proj-abcdefghijklmnopqrstuvwx",
    ],
    ["openrouter key", "key sk-or-v1-0123456789abcdef0123", "sk-or-v1-0123456789abcdef0123"],
    [
      "sentry auth token",
      "token sntrys_eyJpYXQiOjE3MDAwMDAwMDAuMCwidXJsIjo",
      "sntrys_eyJpYXQiOjE3MDAwMDAwMDAuMCwidXJsIjo",
    ],
    ["bearer token", "Authorization: Bearer abc.def-ghi_jkl123", "abc.def-ghi_jkl123"],
    ["dsn key", "dsn https://0123456789abcdef@o1.ingest.sentry.io/42", "0123456789abcdef"],
    ["email", "buyer alice.smith+test@example.co.uk wrote", "alice.smith+test@example.co.uk"],
    ["url-encoded email", "/api?who=alice%40example.com", "alice%40example.com"],
    ["secret query param", "/rooms?api_key=hunter2hunter2&page=2", "hunter2hunter2"],
    ["token query param", "https://x.test/cb?token=zzzzyyyy", "zzzzyyyy"],
    ["password assignment", 'password="correct horse"', "correct"],
    ["lower-case bearer token", "authorization: bearer abcdefgh12345678", "abcdefgh12345678"],
    [
      "upper-case basic credentials",
      "AUTHORIZATION: BASIC dXNlcjpwYXNzd29yZA==",
      "dXNlcjpwYXNzd29yZA==",
    ],
    [
      "Anthropic key",
      "x-api sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv",
      "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv",
    ],
    ["Groq key", "using gsk_AbCdEfGhIjKlMnOpQrStUvWx01", "gsk_AbCdEfGhIjKlMnOpQrStUvWx01"],
    [
      "Google API key",
      "key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv",
      "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv",
    ],
    ["Hugging Face token", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz"],
    ["xAI key", "xai-AbCdEfGhIjKlMnOpQrStUvWxYz0123", "xai-AbCdEfGhIjKlMnOpQrStUvWxYz0123"],
    [
      "Stripe live secret key",
      "charge with sk_live_AbCdEfGhIjKlMnOp0123",
      "sk_live_AbCdEfGhIjKlMnOp0123",
    ],
    ["Stripe live publishable key", "pk_live_AbCdEfGhIjKlMnOp0123", "pk_live_AbCdEfGhIjKlMnOp0123"],
    ["GitLab token", "glpat-AbCdEfGhIjKlMnOpQrSt", "glpat-AbCdEfGhIjKlMnOpQrSt"],
    [
      "JWT in JSON",
      '{"session":"eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4f"}',
      "eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4f",
    ],
  ])("removes a %s", (_label, input, secret) => {
    const out = scrubString(input);
    expect(out).not.toContain(secret);
  });

  it("keeps what is not secret", () => {
    expect(scrubString("/rooms?page=2&sort=price")).toBe("/rooms?page=2&sort=price");
    expect(scrubString("trace 4bf92f3577b34da6a3ce929d0e0e4736")).toBe(
      "trace 4bf92f3577b34da6a3ce929d0e0e4736",
    );
    expect(scrubString("https://o1.ingest.sentry.io/api/42/envelope/")).toBe(
      "https://o1.ingest.sentry.io/api/42/envelope/",
    );
  });

  it("removes configured secrets as literal values, whatever their format", () => {
    const literals = ["plain-db-pa55word", "my-own-llm-key-42"];
    const out = scrubString(
      "connect failed for plain-db-pa55word, then my-own-llm-key-42 and my-own-llm-key-42",
      { literals },
    );
    expect(out).toBe(`connect failed for ${FILTERED}, then ${FILTERED} and ${FILTERED}`);
    // Too short to be a configured secret: scrubbing it would eat ordinary words.
    expect(scrubString("the room", { literals: ["room"] })).toBe("the room");
  });

  it("applies extra configured patterns", () => {
    expect(scrubString("order ACME-12345", { extraPatterns: [/ACME-\d+/] })).toBe(
      `order ${FILTERED}`,
    );
  });
});

describe("event, span and breadcrumb hooks", () => {
  it("scrubs messages, exception values, request data, extra and contexts", () => {
    const event = {
      message: "failed for bob@example.com",
      exception: { values: [{ type: "Error", value: "401 with key sk-abcdefghijklmnopqrstuv" }] },
      request: {
        url: "http://localhost/api?token=abcdef123",
        query_string: "email=carol@example.com",
        headers: { Authorization: "Bearer xyzxyzxyzxyz", Cookie: "sid=1", "user-agent": "test" },
        cookies: { sid: "1" },
      },
      extra: { apiKey: "plain-value-key", nested: { password: "pw" } },
      contexts: { nextjs: { request_path: "/rooms?secret=s3cr3tv4lue" } },
    } as unknown as ErrorEvent;
    const out = scrubEvent(event);
    const text = JSON.stringify(out);
    for (const secret of [
      "bob@example.com",
      "sk-abcdefghijklmnopqrstuv",
      "abcdef123",
      "carol@example.com",
      "xyzxyzxyzxyz",
      "sid=1",
      "plain-value-key",
      '"pw"',
      "s3cr3tv4lue",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(out.request?.headers?.["user-agent"]).toBe("test");
    expect(out.request?.cookies).toBeUndefined();
  });

  it("scrubs span names and attributes and drops credential headers", () => {
    const span = {
      trace_id: "t",
      span_id: "s",
      name: "GET /rooms?api_key=zzzsecretzzz",
      start_timestamp: 1,
      status: "ok",
      is_segment: true,
      attributes: {
        "http.target": "/rooms?email=dave@example.com",
        "http.request.header.authorization": "Bearer qwertyuiop",
        "gen_ai.request.model": "gpt-4o-mini",
      },
    } as unknown as StreamedSpanJSON;
    const out = scrubSpan(span);
    expect(out.name).not.toContain("zzzsecretzzz");
    expect(String(out.attributes["http.target"])).not.toContain("dave@example.com");
    expect(out.attributes["http.request.header.authorization"]).toBeUndefined();
    expect(out.attributes["gen_ai.request.model"]).toBe("gpt-4o-mini");
  });

  it("scrubs breadcrumb messages and data", () => {
    const out = scrubBreadcrumb({
      category: "fetch",
      data: { url: "/x?token=abcdefgh", method: "GET" },
      message: "to erin@example.org",
    });
    expect(JSON.stringify(out)).not.toMatch(/abcdefgh|erin@example\.org/);
    expect(out.data?.method).toBe("GET");
  });
});
