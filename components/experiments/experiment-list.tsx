import Link from "next/link";
import { FlaskConical } from "lucide-react";
import { Card, StatusBadge } from "@/components/ui/primitives";
import type { listExperiments } from "@/lib/server/read-models/experiment-queries";

type ExperimentRows = Awaited<ReturnType<typeof listExperiments>>;

/** The experiments page: what an experiment is, a way in, and the experiments so far. */
export function ExperimentList({ experiments }: { experiments: ExperimentRows }) {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Experiments</h1>
          <p className="max-w-2xl text-sm text-slate-600 dark:text-slate-300">
            Compare models and strategies: arms × a scenario × paired seeds, with the mean and a 95%
            bootstrap interval per metric.
          </p>
        </div>
        <Link
          href="/experiments/new"
          data-testid="new-experiment"
          className="inline-flex items-center gap-1.5 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          <FlaskConical aria-hidden className="size-4" /> New experiment
        </Link>
      </div>
      {experiments.length === 0 ? (
        <p className="text-sm text-slate-500">No experiments yet.</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" data-testid="experiment-list">
          {experiments.map((e) => (
            <li key={e.id}>
              <Card className="flex items-center justify-between gap-2">
                <Link
                  href={`/experiments/${e.id}`}
                  className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-50"
                >
                  {e.name}
                </Link>
                <StatusBadge status={e.status} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
