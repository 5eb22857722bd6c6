import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { LoadResult } from "./load";
import type { BenchConfig } from "./servers";
import { coefficientOfVariation, pairedRatios, tInterval, type Interval } from "./stats";

export type Row = LoadResult & {
  workload: string;
  config: string;
  round: number;
  completionMs?: number;
  eventsPerViewer?: number;
  /** Server CPU time (user + system) per successful request over the block (process-cpu.ts). */
  cpuMsPerRequest?: number;
};

export const RESULTS_FILE = "docs/performance.md";
const START =
  "<!-- bench-results:start (written by npm run bench; edit the text outside these markers) -->";
const END = "<!-- bench-results:end -->";

const f = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const ci = (i: Interval, digits = 3) =>
  Number.isFinite(i.low)
    ? `${f(i.mean, digits)} [${f(i.low, digits)}, ${f(i.high, digits)}]`
    : f(i.mean, digits);
const byRound = (rows: Row[], pick: (r: Row) => number) =>
  new Map(rows.map((r) => [r.round, pick(r)]));
const cpuOf = (r: Row) => r.cpuMsPerRequest ?? Number.NaN;

type Input = {
  rows: Row[];
  configs: BenchConfig[];
  bundle: Array<{ path: string; withSentry: number; without: number }>;
  machine: string;
  settings: Record<string, number | string>;
  envelopes: { envelopes: number; bytes: number };
  pinning?: string;
  load: number[];
};

/** A target's verdict from the CI: met only if the whole interval clears it (no p95 for a CPU verdict). */
function verdict(config: string, throughput: Interval, p95?: Interval): string {
  const floor = config.startsWith("errors") ? 0.98 : config.startsWith("t02") ? 0.95 : undefined;
  if (floor === undefined || !Number.isFinite(throughput.mean)) return "";
  const needP95 = config.startsWith("t02") && p95 !== undefined;
  if (throughput.low >= floor && (!needP95 || p95.high <= 1.05)) return "met";
  if (throughput.high < floor || (needP95 && p95.low > 1.05)) return "missed";
  return "not shown (CI straddles the target)";
}

/** The results as Markdown: per workload, per configuration, means and 95% CIs of the paired ratios to Sentry-off. */
export function renderResults({
  rows,
  configs,
  bundle,
  machine,
  settings,
  envelopes,
  pinning,
  load,
}: Input): string {
  const lines: string[] = [];
  const loadInterval = tInterval(load);
  lines.push(`Measured ${new Date().toISOString().slice(0, 16)}Z on ${machine}.`);
  lines.push(
    `Settings: ${Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(
        ", ",
      )}. Envelopes received by the local Sentry receiver: ${envelopes.envelopes} (${(envelopes.bytes / 1e6).toFixed(1)} MB).`,
  );
  lines.push(
    pinning ??
      "Processes not pinned: the load generator, the receiver and the servers share every core.",
  );
  lines.push(
    `Machine load during the run (1-minute load average, sampled each round): mean ${f(loadInterval.mean, 2)}, min ${f(Math.min(...load), 2)}, max ${f(Math.max(...load), 2)}.`,
    "",
  );
  lines.push(
    "Ratios are per round against the Sentry-off block of the same round, then averaged; brackets are 95% t-intervals over the rounds.",
    "CPU efficiency is the server's CPU time per request with Sentry off divided by this configuration's, paired the same way, from the kernel's accounting of the server process: whether a throughput difference is CPU spent per request. Its target column applies the throughput floors (0.98, 0.95) to it.",
    "",
  );
  for (const workload of [...new Set(rows.map((r) => r.workload))]) {
    const negotiation = workload.startsWith("Negotiation");
    const off = rows.filter((r) => r.workload === workload && r.config === "off");
    const offRps = off.map((r) => (negotiation ? r.completionMs! : r.rps));
    const offCpu = off.map(cpuOf);
    lines.push(`### ${workload}`, "");
    lines.push(
      `Noise: Sentry-off varied by ${f(coefficientOfVariation(offRps) * 100)}% (coefficient of variation) between rounds in ${negotiation ? "completion time" : "throughput"}, by ${f(coefficientOfVariation(offCpu) * 100)}% in CPU per ${negotiation ? "run" : "request"}.`,
      "",
    );
    if (negotiation) {
      lines.push(
        "| configuration | completion ms (mean) | vs off (mean [95% CI]) | delivery p50 ms | delivery p95 ms |",
        "|---|---|---|---|---|",
      );
    } else {
      lines.push(
        "| configuration | req/s (mean) | throughput vs off (mean [95% CI]) | p50 ms | p95 ms | p95 vs off (mean [95% CI]) | target | CPU ms/request | CPU efficiency vs off (mean [95% CI]) | target (CPU) |",
        "|---|---|---|---|---|---|---|---|---|---|",
      );
    }
    for (const config of configs) {
      const mine = rows.filter((r) => r.workload === workload && r.config === config.name);
      if (!mine.length) continue;
      const mean = (pick: (r: Row) => number) => tInterval(mine.map(pick)).mean;
      if (negotiation) {
        const ratio = tInterval(
          pairedRatios(
            byRound(mine, (r) => r.completionMs!),
            byRound(off, (r) => r.completionMs!),
          ),
        );
        lines.push(
          `| ${config.label} | ${f(
            mean((r) => r.completionMs!),
            0,
          )} | ${ci(ratio)} | ${f(
            mean((r) => r.p50),
            0,
          )} | ${f(
            mean((r) => r.p95),
            0,
          )} |`,
        );
        continue;
      }
      const throughput = tInterval(
        pairedRatios(
          byRound(mine, (r) => r.rps),
          byRound(off, (r) => r.rps),
        ),
      );
      const p95 = tInterval(
        pairedRatios(
          byRound(mine, (r) => r.p95),
          byRound(off, (r) => r.p95),
        ),
      );
      const cpu = tInterval(pairedRatios(byRound(off, cpuOf), byRound(mine, cpuOf)));
      const errors = mine.reduce((s, r) => s + r.errors, 0);
      lines.push(
        `| ${config.label}${errors ? ` (${errors} failed requests)` : ""} | ${f(
          mean((r) => r.rps),
          0,
        )} | ${ci(throughput)} | ${f(mean((r) => r.p50))} | ${f(mean((r) => r.p95))} | ${ci(p95)} | ${verdict(config.name, throughput, p95)} | ${f(
          mean(cpuOf),
          2,
        )} | ${ci(cpu)} | ${verdict(config.name, cpu)} |`,
      );
    }
    lines.push("");
  }
  if (bundle.length) {
    lines.push(
      "### First-load JavaScript (gzip, level 9)",
      "",
      "| route | with Sentry | without | Sentry share |",
      "|---|---|---|---|",
    );
    for (const b of bundle)
      lines.push(
        `| \`${b.path}\` | ${f(b.withSentry / 1024)} KB | ${f(b.without / 1024)} KB | ${f((b.withSentry - b.without) / 1024)} KB |`,
      );
    lines.push("");
  }
  return lines.join("\n");
}

/** Replaces the generated section of docs/performance.md (one source of truth: the prose around it is kept). */
export function writeResults(markdown: string, file = RESULTS_FILE): void {
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# What Sentry costs MAMS\n";
  const block = `${START}\n${markdown.trimEnd()}\n${END}`;
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  const next =
    a >= 0 && b > a
      ? `${current.slice(0, a)}${block}${current.slice(b + END.length)}`
      : `${current.trimEnd()}\n\n## Latest results\n\n${block}\n`;
  writeFileSync(file, next);
}
