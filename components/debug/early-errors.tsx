"use client";

import { useEffect } from "react";

/**
 * /debug?throwEarly: at hydration, long before the full Sentry SDK loads at idle time, logs a console
 * error, rejects a promise nobody handles and throws outside React. The loader must queue all three
 * and the SDK must report them as if it had been there (tests/e2e/sentry-loader.spec.ts).
 */
export function EarlyErrors() {
  useEffect(() => {
    if (!new URLSearchParams(window.location.search).has("throwEarly")) return;
    document.documentElement.dataset.earlyAt = String(Date.now());
    console.error("MAMS debug: console error before the early errors");
    void Promise.reject(new Error("MAMS debug: early rejection"));
    setTimeout(() => {
      throw new Error("MAMS debug: early error");
    });
  }, []);
  return null;
}
