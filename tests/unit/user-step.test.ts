import { beforeEach, describe, expect, it, vi } from "vitest";

const breadcrumbs: unknown[] = [];
vi.mock("@mams/sentry-loader", () => ({
  addBreadcrumb: (crumb: unknown) => breadcrumbs.push(crumb),
}));

// Unit files share one module cache: load the module afresh so it binds to the mock above.
vi.resetModules();
const { userStep } = await import("@/lib/client/api");

beforeEach(() => void (breadcrumbs.length = 0));

describe("userStep", () => {
  it("takes episode and room ids and hands Sentry its tag names, session_id and negotiation_id", () => {
    userStep("room started", { episodeId: "e1", roomId: "r1" });
    userStep("episode created", { episodeId: "e2", items: 3 });
    userStep("test connection", { provider: "simulated" });
    expect(breadcrumbs).toEqual([
      {
        category: "user.action",
        level: "info",
        message: "room started",
        data: { session_id: "e1", negotiation_id: "r1" },
      },
      {
        category: "user.action",
        level: "info",
        message: "episode created",
        data: { session_id: "e2", items: 3 },
      },
      {
        category: "user.action",
        level: "info",
        message: "test connection",
        data: { provider: "simulated" },
      },
    ]);
  });
});
