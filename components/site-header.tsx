import Link from "next/link";
import { ReportProblem } from "@/components/feedback/report-problem";

/** `reporting`: whether "Report a problem" can reach Sentry, decided by the server (the root layout). */
export function SiteHeader({ reporting }: { reporting: boolean }) {
  return (
    <header className="border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-900/80">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 sm:px-6"
      >
        <Link href="/" className="font-semibold tracking-tight text-brand-700 dark:text-brand-50">
          MAMS
        </Link>
        <Link
          href="/"
          className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
        >
          Episodes
        </Link>
        <Link
          href="/episodes/new"
          className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
        >
          New episode
        </Link>
        <Link
          href="/experiments"
          className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
        >
          Experiments
        </Link>
        <Link
          href="/prices"
          className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
        >
          Prices
        </Link>
        <Link
          href="/import"
          className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
        >
          Import
        </Link>
        <ReportProblem enabled={reporting} />
      </nav>
    </header>
  );
}
