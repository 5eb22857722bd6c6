// `npm run bench:scrub` (also run by `npm run bench`): the scrubber's throughput in characters per
// millisecond of CPU, on clean text (the common case: nothing to remove) and on dirty text (a secret
// or an email every ~200 characters), at 1k, 10k and 100k characters. Also the prompt snippet.
import { redactedSnippet } from "../../lib/sentry/server/redact";
import { scrubString } from "../../lib/sentry/shared/scrub";

const SIZES = [1_000, 10_000, 100_000];
const CLEAN =
  "TechHub offers the laptop at 1180 per unit, delivery in two days; the buyer asks for 1100. ";
const DIRTY =
  "Retry with key sk-proj-abcdefghijklmnopqrstuvwx for alice@example.com, Authorization: bearer abcdefgh12345678. ";

function textOf(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** Characters per millisecond of CPU time, the best of several rounds of at least ~20 ms each. */
export function charsPerMs(text: string, fn: (text: string) => unknown): number {
  const rounds = Math.max(1, Math.ceil(2_000_000 / text.length));
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = process.cpuUsage();
    for (let j = 0; j < rounds; j++) fn(text);
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000 / rounds);
  }
  return text.length / Math.max(best, 1e-6);
}

export function scrubBenchmark(): string[] {
  const lines = [`${"text".padEnd(28)} ${"chars/ms".padStart(10)}`];
  for (const [kind, unit] of [
    ["clean", CLEAN],
    ["dirty", DIRTY],
  ] as const) {
    for (const size of SIZES)
      lines.push(
        `${`scrubString ${kind} ${size / 1000}k`.padEnd(28)} ${charsPerMs(textOf(unit, size), scrubString).toFixed(0).padStart(10)}`,
      );
  }
  for (const size of SIZES) {
    const prompt = textOf(DIRTY, size);
    lines.push(
      `${`redactedSnippet prompt ${size / 1000}k`.padEnd(28)} ${charsPerMs(prompt, redactedSnippet).toFixed(0).padStart(10)}`,
    );
  }
  return lines;
}

if (process.argv[1]?.endsWith("scrub.ts")) {
  console.log(`scrubber micro-benchmark (Node ${process.version}), characters per ms of CPU:`);
  for (const line of scrubBenchmark()) console.log(line);
}
