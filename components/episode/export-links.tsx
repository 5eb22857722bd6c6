import { Download } from "lucide-react";

const linkClass =
  "inline-flex items-center gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700";

/** Downloads from the export API: JSONL of every event, CSV with one row per room. */
export function ExportLinks({ base, name }: { base: string; name: string }) {
  return (
    <>
      <a
        href={`${base}?format=jsonl`}
        download={`${name}.jsonl`}
        className={linkClass}
        data-testid="export-jsonl"
      >
        <Download aria-hidden className="size-4" /> JSONL
      </a>
      <a
        href={`${base}?format=csv`}
        download={`${name}.csv`}
        className={linkClass}
        data-testid="export-csv"
      >
        <Download aria-hidden className="size-4" /> CSV
      </a>
    </>
  );
}
