import { AppError } from "@/lib/errors/app-error";
import { testRoutesEnabled } from "@/lib/test-routes";

export const runtime = "edge";
export const dynamic = "force-dynamic";

/** Same trigger on the edge runtime, proving sentry.edge.config.ts reports too. */
export function GET() {
  if (!testRoutesEnabled()) return new AppError("NOT_FOUND", "Not found").toResponse();
  throw new Error("MAMS debug: edge route error");
}
