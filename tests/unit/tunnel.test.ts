import { describe, expect, it } from "vitest";
import { envelopeUrl, parseDsn } from "@/lib/sentry/shared/dsn";
import { checkEnvelope, readBounded } from "@/lib/sentry/server/tunnel";

const DSN = "https://publickey@o123.ingest.sentry.io/456";
const envelope = (header: unknown) =>
  new TextEncoder().encode(`${JSON.stringify(header)}\n{"type":"event"}\n{}`);

describe("tunnel envelope checks", () => {
  it("forwards an envelope for the configured DSN to that DSN's ingest URL", () => {
    expect(checkEnvelope(envelope({ dsn: DSN }), DSN)).toEqual({
      ok: true,
      upstream: "https://o123.ingest.sentry.io/api/456/envelope/",
    });
  });

  it("keeps a self-hosted path prefix and port", () => {
    const selfHosted = "http://key@sentry.internal:9000/sentry/7";
    expect(envelopeUrl(parseDsn(selfHosted)!)).toBe(
      "http://sentry.internal:9000/sentry/api/7/envelope/",
    );
  });

  it.each([
    ["another project", "https://publickey@o123.ingest.sentry.io/999"],
    ["another key", "https://otherkey@o123.ingest.sentry.io/456"],
    ["another host", "https://publickey@evil.example.com/456"],
    ["another scheme", "http://publickey@o123.ingest.sentry.io/456"],
  ])("refuses %s with 403", (_label, dsn) => {
    expect(checkEnvelope(envelope({ dsn }), DSN)).toMatchObject({ ok: false, status: 403 });
  });

  it.each([
    ["garbage", new TextEncoder().encode("not json at all")],
    ["no dsn", envelope({ event_id: "x" })],
    ["a non-DSN", envelope({ dsn: "ftp://nope" })],
  ])("refuses %s with 400", (_label, body) => {
    expect(checkEnvelope(body, DSN)).toMatchObject({ ok: false, status: 400 });
  });

  it("reads a body up to the limit and refuses larger ones", async () => {
    const small = new Request("http://x/monitoring", { method: "POST", body: "a".repeat(10) });
    expect((await readBounded(small, 100))?.byteLength).toBe(10);
    const large = new Request("http://x/monitoring", { method: "POST", body: "a".repeat(101) });
    expect(await readBounded(large, 100)).toBeUndefined();
    const lying = new Request("http://x/monitoring", {
      method: "POST",
      body: "a".repeat(10),
      headers: { "content-length": "999999" },
    });
    expect(await readBounded(lying, 100)).toBeUndefined();
  });
});
