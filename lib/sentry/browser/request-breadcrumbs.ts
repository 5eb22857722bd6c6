import type { Queued } from "./loader";
import { TUNNEL_PATH } from "../shared/common-options";

type Timing = Pick<
  PerformanceResourceTiming,
  "name" | "initiatorType" | "startTime" | "responseEnd"
> & { responseStatus?: number };
type Timings = Pick<Performance, "timeOrigin" | "getEntriesByType">;

const REQUEST_TYPES: Record<string, "fetch" | "xhr"> = { fetch: "fetch", xmlhttprequest: "xhr" };

/**
 * The loader does not wrap fetch (the SDK's own fetch instrumentation wants the native function):
 * requests made before the SDK loaded are read back from the browser's resource timing buffer and
 * merged, by the time each one ended, into the queue.
 */
export function withRequestBreadcrumbs(queued: Queued[], timings: Timings): Queued[] {
  const requests: Queued[] = (timings.getEntriesByType("resource") as unknown as Timing[])
    .filter(
      (entry) =>
        REQUEST_TYPES[entry.initiatorType] &&
        !new URL(entry.name, "http://x").pathname.startsWith(TUNNEL_PATH),
    )
    .map((entry) => ({
      breadcrumb: {
        category: REQUEST_TYPES[entry.initiatorType],
        type: "http",
        timestamp: (timings.timeOrigin + entry.responseEnd) / 1000,
        data: {
          url: entry.name,
          ...(entry.responseStatus && { status_code: entry.responseStatus }),
        },
      },
    }));
  const at = (item: Queued) =>
    "breadcrumb" in item ? (item.breadcrumb.timestamp ?? 0) : item.timestamp;
  // A stable sort keeps the loader's own order for equal times.
  return [...queued, ...requests].sort((a, b) => at(a) - at(b));
}
