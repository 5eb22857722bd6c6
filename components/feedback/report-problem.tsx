"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { MessageSquareWarning } from "lucide-react";
import { env } from "@/lib/config/env.mjs";
import { frontendConfig } from "@/lib/sentry/browser/client-options";
import { sentryEnabled } from "@/lib/sentry/shared/common-options";

// The dialog and its code load only when the person opens it: nothing is added to the first load.
const FeedbackDialog = dynamic(() => import("./feedback-dialog"), { ssr: false });
// Reports go to Sentry; with the browser SDK off (no frontend DSN, no Spotlight) there is nowhere to send them.
const reportsEnabled = sentryEnabled(frontendConfig(env));

export function ReportProblem() {
  const [open, setOpen] = useState(false);
  if (!reportsEnabled) return null;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} data-testid="report-problem" className="ml-auto inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
        <MessageSquareWarning aria-hidden className="size-4" /> Report a problem
      </button>
      {open && <FeedbackDialog onClose={() => setOpen(false)} />}
    </>
  );
}
