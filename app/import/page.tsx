import { ImportForm } from "@/components/episode/import-form";

export const metadata = { title: "Import" };

export default function ImportPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Import an export</h1>
      <p className="max-w-2xl text-sm text-slate-600 dark:text-slate-300">
        A JSONL export (from an episode or an experiment) is stored again as read-only episodes:
        every room replays exactly what was exported, with its economics. Nothing in it can be
        started or changed.
      </p>
      <ImportForm />
    </div>
  );
}
