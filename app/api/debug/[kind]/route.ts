import { AppError } from "@/lib/errors/app-error";
import { testRoutesEnabled } from "@/lib/test-routes";

export const dynamic = "force-dynamic";

/** The plan's "test endpoint": throws on purpose so the server-side capture can be verified. */
export async function GET(_request: Request, context: { params: Promise<{ kind: string }> }) {
  if (!testRoutesEnabled()) return new AppError("NOT_FOUND", "Not found").toResponse();
  const { kind } = await context.params;
  if (kind !== "route-error")
    return new AppError("NOT_FOUND", `Unknown debug trigger "${kind}"`).toResponse();
  throw new Error("MAMS debug: route handler error");
}
