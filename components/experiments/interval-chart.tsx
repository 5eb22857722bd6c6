import type { Interval } from "@/lib/experiments/stats";

type Row = { label: string; interval: Interval };

/** A forest plot: one line per arm (or difference) from the 2.5th to the 97.5th percentile, a dot at the estimate. */
export function IntervalChart({
  rows,
  zeroLine = false,
  title,
}: {
  rows: Row[];
  zeroLine?: boolean;
  title: string;
}) {
  const values = rows
    .flatMap((r) => [r.interval.low, r.interval.high, r.interval.estimate])
    .filter((v): v is number => v !== null);
  if (zeroLine) values.push(0);
  if (!values.length) return null;
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) [min, max] = [min - 1, max + 1];
  const width = 320;
  const left = 90;
  const rowHeight = 22;
  const x = (v: number) => left + ((v - min) / (max - min)) * (width - left - 10);
  return (
    <svg
      role="img"
      aria-label={title}
      width={width}
      height={rows.length * rowHeight + 16}
      className="text-slate-700 dark:text-slate-200"
      data-testid="interval-chart"
    >
      {zeroLine && (
        <line
          x1={x(0)}
          x2={x(0)}
          y1={0}
          y2={rows.length * rowHeight}
          stroke="currentColor"
          strokeDasharray="3 3"
          opacity={0.5}
        />
      )}
      {rows.map((r, i) => {
        const y = i * rowHeight + 12;
        const { low, high, estimate } = r.interval;
        return (
          <g key={r.label}>
            <text x={0} y={y + 4} fontSize={11} fill="currentColor">
              {r.label.length > 14 ? `${r.label.slice(0, 13)}…` : r.label}
            </text>
            {low !== null && high !== null && (
              <line x1={x(low)} x2={x(high)} y1={y} y2={y} stroke="#0284c7" strokeWidth={3} />
            )}
            {estimate !== null && (
              <circle cx={x(estimate)} cy={y} r={4} fill="#0f172a" stroke="white" />
            )}
          </g>
        );
      })}
      <text x={left} y={rows.length * rowHeight + 14} fontSize={10} fill="currentColor">
        {min.toPrecision(3)}
      </text>
      <text
        x={width - 10}
        y={rows.length * rowHeight + 14}
        fontSize={10}
        fill="currentColor"
        textAnchor="end"
      >
        {max.toPrecision(3)}
      </text>
    </svg>
  );
}
