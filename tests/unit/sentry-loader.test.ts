import { describe, expect, it } from "vitest";
import type { Queued } from "@/lib/sentry/browser/loader";
import { withRequestBreadcrumbs } from "@/lib/sentry/browser/request-breadcrumbs";

const timings = (
  entries: Array<{
    name: string;
    initiatorType: string;
    responseEnd: number;
    responseStatus?: number;
  }>,
) => ({
  timeOrigin: 1_000_000,
  getEntriesByType: () =>
    entries.map((e) => ({ ...e, startTime: e.responseEnd - 5 })) as unknown as PerformanceEntryList,
});

describe("the loader's request breadcrumbs (read back from resource timing)", () => {
  it("merges fetch and XHR requests into the queue by the time they ended, with their status", () => {
    const error = new Error("early");
    const queued: Queued[] = [
      { breadcrumb: { category: "ui.click", message: "button", timestamp: 1000.1 } },
      { error, timestamp: 1000.3 },
    ];
    const merged = withRequestBreadcrumbs(
      queued,
      timings([
        {
          name: "http://app.test/api/episodes",
          initiatorType: "fetch",
          responseEnd: 200,
          responseStatus: 500,
        },
        { name: "http://app.test/api/health", initiatorType: "xmlhttprequest", responseEnd: 400 },
      ]),
    );
    expect(
      merged.map((item) => ("breadcrumb" in item ? item.breadcrumb.category : "error")),
    ).toEqual(["ui.click", "fetch", "error", "xhr"]);
    expect(merged[1]).toEqual({
      breadcrumb: {
        category: "fetch",
        type: "http",
        timestamp: 1000.2,
        data: { url: "http://app.test/api/episodes", status_code: 500 },
      },
    });
    expect(merged[2]).toEqual({ error, timestamp: 1000.3 });
  });

  it("leaves out scripts, images and the tunnel's own envelopes", () => {
    const merged = withRequestBreadcrumbs(
      [],
      timings([
        {
          name: "http://app.test/_next/static/chunks/a.js",
          initiatorType: "script",
          responseEnd: 10,
        },
        { name: "http://app.test/monitoring?o=1", initiatorType: "fetch", responseEnd: 20 },
      ]),
    );
    expect(merged).toEqual([]);
  });
});
