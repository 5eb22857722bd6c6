import { notFound } from "next/navigation";
import { connection } from "next/server";
import { DebugTriggers } from "@/components/debug/debug-triggers";
import { EarlyErrors } from "@/components/debug/early-errors";
import { testRoutesEnabled } from "@/lib/test-routes";

export const metadata = { title: "Debug triggers" };

export default async function DebugPage() {
  await connection();
  if (!testRoutesEnabled()) notFound();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Debug triggers</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Errors thrown on purpose to check that Sentry receives them. Off in production unless
        MAMS_ENABLE_TEST_ROUTES=true.
      </p>
      <DebugTriggers />
      <EarlyErrors />
    </div>
  );
}
