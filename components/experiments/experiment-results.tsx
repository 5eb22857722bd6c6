"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { createParser } from "eventsource-parser";
import type { ExperimentProgressEvent } from "@/lib/domain/stream-events";
import { apiFetch } from "@/lib/client/api";
import type { ExperimentView } from "@/lib/experiments/experiment-service";
import { METRICS } from "@/lib/experiments/results";
import type { Interval } from "@/lib/experiments/stats";
import { Badge, Card, StatusBadge } from "@/components/ui/primitives";
import { ExportLinks } from "@/components/episode/export-links";
import { IntervalChart } from "./interval-chart";

type Unit = (typeof METRICS)[number]["unit"];
const fmt = (v: number | null, unit: Unit) =>
  v === null
    ? "—"
    : unit === "share"
      ? `${(v * 100).toFixed(1)}%`
      : unit === "usd"
        ? `$${v.toFixed(4)}`
        : unit === "money"
          ? `$${v.toFixed(2)}`
          : v.toFixed(2);
const interval = (i: Interval, unit: Unit) =>
  i.estimate === null
    ? "—"
    : `${fmt(i.estimate, unit)} [${fmt(i.low, unit)}, ${fmt(i.high, unit)}]`;

/** Live progress over SSE; the results are re-read from the API whenever a run finishes. */
function useProgress(id: string, initial: ExperimentProgressEvent, onChange: () => void) {
  const [progress, setProgress] = useState(initial);
  useEffect(() => {
    if (initial.status !== "running") return;
    const controller = new AbortController();
    void (async () => {
      const response = await fetch(`/api/experiments/${id}/stream`, { signal: controller.signal });
      const parser = createParser({
        onEvent: (m) => {
          if (m.event !== "experiment_progress") return;
          setProgress(JSON.parse(m.data));
          onChange();
        },
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    })().catch(() => undefined);
    return () => controller.abort();
  }, [id, initial.status, onChange]);
  return progress;
}

export function ExperimentResults({ initial }: { initial: ExperimentView }) {
  const [view, setView] = useState(initial);
  const refresh = useCallback(
    () =>
      void apiFetch<{ experiment: ExperimentView }>(`/api/experiments/${initial.id}`)
        .then((r) => setView(r.experiment))
        .catch(() => undefined),
    [initial.id],
  );
  const progress = useProgress(initial.id, initial.progress, refresh);
  const { results } = view;
  return (
    <div className="space-y-6" data-testid="experiment" data-status={progress.status}>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{view.name}</h1>
          <p className="text-sm text-slate-500">
            {view.spec.arms.length} arms × {view.spec.seeds.length} paired seeds ·{" "}
            {view.spec.scenario.kind === "generated" ? "seeded generator" : "saved configuration"} ·
            up to {view.spec.maxRounds} rounds
          </p>
        </div>
        <div className="flex items-center gap-2">
          <StatusBadge status={progress.status} />
          <span className="text-sm" data-testid="experiment-progress">
            {progress.done} / {progress.total} runs
            {progress.failed ? ` · ${progress.failed} failed` : ""}
          </span>
          <ExportLinks
            base={`/api/experiments/${view.id}/export`}
            name={`mams-experiment-${view.id}`}
          />
        </div>
      </header>
      <progress
        className="w-full"
        max={progress.total}
        value={progress.done}
        aria-label="Runs finished"
      />
      <Card className="overflow-x-auto">
        <h2 className="mb-2 font-semibold">Mean and 95% bootstrap interval per arm</h2>
        <table className="w-full text-left text-sm" data-testid="results-table">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="px-2 py-1 font-medium">Metric</th>
              {results.arms.map((a) => (
                <th key={a.arm} className="px-2 py-1 font-medium">
                  {a.label} ({a.rooms} rooms)
                </th>
              ))}
              {results.differences.map((d) => (
                <th key={d.label} className="px-2 py-1 font-medium">
                  Paired difference {d.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {METRICS.map((m) => (
              <tr
                key={m.key}
                className="border-t border-slate-200 dark:border-slate-800"
                data-testid={`metric-${m.key}`}
              >
                <th scope="row" className="px-2 py-1 font-normal">
                  {m.label}
                </th>
                {results.arms.map((a) => (
                  <td key={a.arm} className="px-2 py-1" data-testid="arm-interval">
                    {interval(a.metrics[m.key], m.unit)}
                  </td>
                ))}
                {results.differences.map((d) => (
                  <td key={d.label} className="px-2 py-1" data-testid="difference-interval">
                    {interval(d.metrics[m.key], m.unit)}{" "}
                    {d.metrics[m.key].noDifferenceShown === true && (
                      <Badge>no difference shown</Badge>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-xs text-slate-500">
          Percentile bootstrap over seeds, {results.resamples} resamples, resampler seed{" "}
          {results.resampleSeed}. Rates pool the rooms of the resampled seeds.
        </p>
      </Card>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {METRICS.filter((m) =>
          ["dealRate", "buyerShare", "priceVsList", "rounds", "tokens", "failureRate"].includes(
            m.key,
          ),
        ).map((m) => (
          <Card key={m.key}>
            <h3 className="mb-1 text-sm font-semibold">{m.label}</h3>
            <IntervalChart
              title={m.label}
              rows={results.arms.map((a) => ({ label: a.label, interval: a.metrics[m.key] }))}
            />
            {results.differences.length > 0 && (
              <IntervalChart
                title={`${m.label}: paired differences`}
                zeroLine
                rows={results.differences.map((d) => ({
                  label: d.label,
                  interval: d.metrics[m.key],
                }))}
              />
            )}
          </Card>
        ))}
      </div>
      <Card>
        <h2 className="mb-2 font-semibold">Runs</h2>
        <ul
          className="grid gap-1 text-sm sm:grid-cols-2 lg:grid-cols-4"
          data-testid="experiment-runs"
        >
          {view.runs.map((r) => (
            <li key={`${r.arm}-${r.seed}`} className="flex items-center gap-2">
              <StatusBadge status={r.status} />
              {r.episodeId ? (
                <Link
                  href={`/episodes/${r.episodeId}`}
                  className="underline"
                >{`${view.spec.arms[r.arm]?.label} · seed ${r.seed}`}</Link>
              ) : (
                `${view.spec.arms[r.arm]?.label} · seed ${r.seed}`
              )}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
