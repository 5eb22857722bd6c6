import { env } from "@/lib/config/env.mjs";
import { createGuard } from "@/lib/security/guard";
import { accessFromEnv, limitsFromEnv } from "@/lib/security/settings";

export const proxy = createGuard(() => ({
  ...accessFromEnv(),
  writesPerMinute: limitsFromEnv().writesPerMinute,
  development: env.NODE_ENV !== "production",
  spotlight: env.SENTRY_SPOTLIGHT ?? false,
  // Same rule as lib/test-routes.ts: read when the server runs, never fixed at build time.
  testRoutes: env.MAMS_ENABLE_TEST_ROUTES ?? env.NODE_ENV !== "production",
}));

export const config = {
  // Static chunks and icons carry no script of ours and need no session; everything else goes through.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
