import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { browserReportingEnabled } from "@/lib/sentry/server/browser-reporting";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "MAMS — Multi-Agent Marketplace Simulator", template: "%s · MAMS" },
  description: "Watch a buyer AI agent haggle with up to ten seller agents, live.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so Next.js can put the CSP nonce of proxy.ts on its scripts.
  await connection();
  const reporting = browserReportingEnabled();
  return (
    // data-sentry tells the first-load loader (lib/sentry/browser/loader.ts) whether to record and load the SDK.
    <html lang="en" data-sentry={reporting ? "on" : undefined}>
      <body className="flex min-h-screen flex-col">
        <SiteHeader reporting={reporting} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
          {children}
        </main>
        <footer className="border-t border-slate-200 px-4 py-4 text-center text-xs text-slate-500 dark:border-slate-800">
          MAMS · errors and traces reported to Sentry
        </footer>
      </body>
    </html>
  );
}
