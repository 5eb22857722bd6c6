"use client";

import Link from "next/link";
import { useState } from "react";
import { RenderBomb } from "./render-bomb";

export function DebugTriggers() {
  const [routeStatus, setRouteStatus] = useState<string>();
  const [bomb, setBomb] = useState(false);

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
        {routeStatus && (
          <span data-testid="route-status" className="ml-3 text-sm">
            {routeStatus}
          </span>
        )}
      </li>
      <li>
        <button
          type="button"
          data-testid="throw-render-error"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
          onClick={() => setBomb(true)}
        >
          Throw while rendering a client component
        </button>
        {bomb && <RenderBomb message="MAMS debug: client render error" />}
      </li>
      <li>
        <button
          type="button"
          data-testid="call-route-then-throw"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
          onClick={async () => {
            const response = await fetch("/api/debug/route-error");
            throw new Error(`MAMS debug: client error after HTTP ${response.status}`);
          }}
        >
          Call a failing route, then fail in the browser
        </button>
      </li>
      <li>
        <Link href="/debug/server-error" prefetch={false} className="text-brand-600 underline">
          Open a page whose server component throws
        </Link>
      </li>
    </ul>
  );
}
