"use client";

import Link from "next/link";
import { useState } from "react";

export function DebugTriggers() {
  const [routeStatus, setRouteStatus] = useState<string>();

  return (
    <ul className="space-y-3">
      <li>
        <button
          type="button"
          data-testid="throw-client-error"
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white dark:bg-slate-100 dark:text-slate-900"
          onClick={() => {
            throw new Error("MAMS debug: client error");
          }}
        >
          Throw a client error
        </button>
      </li>
      <li>
        <button
          type="button"
          data-testid="call-route-error"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
          onClick={async () => {
            const response = await fetch("/api/debug/route-error");
            setRouteStatus(`HTTP ${response.status}`);
          }}
        >
          Call a failing route handler
        </button>
        {routeStatus && <span data-testid="route-status" className="ml-3 text-sm">{routeStatus}</span>}
      </li>
      <li>
        <Link href="/debug/server-error" prefetch={false} className="text-brand-600 underline">
          Open a page whose server component throws
        </Link>
      </li>
    </ul>
  );
}
