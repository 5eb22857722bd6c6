import { initialisedRuntimes } from "@/lib/sentry/server/init-state";

export const dynamic = "force-dynamic";

/** `sentry.runtimes` lets `npm run sentry:doctor --url` see that this process initialised Sentry, and once. */
export function GET() {
  return Response.json({ status: "ok", sentry: { runtimes: initialisedRuntimes() } });
}
