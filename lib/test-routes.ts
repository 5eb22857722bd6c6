import "server-only";
import { env } from "@/lib/config/env.mjs";

/** The debug triggers of plan section 7: on in development, off in production unless MAMS_ENABLE_TEST_ROUTES=true. */
export function testRoutesEnabled(): boolean {
  return env.MAMS_ENABLE_TEST_ROUTES ?? env.NODE_ENV !== "production";
}
