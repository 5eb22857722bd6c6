"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { MessageSquareWarning } from "lucide-react";

// The dialog and its code load only when the person opens it: nothing is added to the first load.
const FeedbackDialog = dynamic(() => import("./feedback-dialog"), { ssr: false });
/** `enabled` comes from the server (browserReportingEnabled): with no frontend DSN and no Spotlight there is nowhere to send a report. */
export function ReportProblem({ enabled }: { enabled: boolean }) {
  const [open, setOpen] = useState(false);
  if (!enabled) return null;
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        data-testid="report-problem"
        className="ml-auto inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <MessageSquareWarning aria-hidden className="size-4" /> Report a problem
      </button>
      {open && <FeedbackDialog onClose={() => setOpen(false)} />}
    </>
  );
}
