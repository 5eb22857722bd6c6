"use client";

import { ErrorPanel } from "@/components/error-panel";
import "./globals.css";

export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body className="mx-auto max-w-2xl p-8">
        <ErrorPanel
          error={error}
          reset={reset}
          context={{ boundary: "global" }}
          title="MAMS hit an unexpected error"
        />
      </body>
    </html>
  );
}
