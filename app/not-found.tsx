import Link from "next/link";

export default function NotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600 dark:text-slate-300">
        There is nothing at this address. It may have been deleted.
      </p>
      <Link href="/" className="text-brand-600 underline">
        Back to the episodes
      </Link>
    </div>
  );
}
