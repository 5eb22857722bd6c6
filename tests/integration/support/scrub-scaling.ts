// Run by tests/integration/scrub-linear.test.ts in a plain Node process (`node --conditions=react-server
// --import tsx`; the condition lets `server-only` load), as the server runs:
// Vitest's module runner changes how V8 executes regular expressions on long strings, and would
// measure that instead. Prints, per adversarial input, how much 8x the input costs.
import { redactedSnippet } from "../../../lib/sentry/server/redact";
import { scrubString } from "../../../lib/sentry/shared/scrub";

export const ADVERSARIAL: Array<[string, (n: number) => string]> = [
  ["a long word (email local part with no @)", (n) => "a".repeat(n)],
  ["%40 separators with no domain", (n) => "a%40".repeat(n / 4)],
  ["@ separators with dotless domains", (n) => "a.b@c".repeat(n / 5)],
  ["JWT starts with no dots", (n) => "eyJ-".repeat(n / 4)],
  ["a URL with no @", (n) => `http://${"a".repeat(n)}`],
  ["secret query parameters", (n) => "?key=".repeat(n / 5)],
  ["a bearer scheme then whitespace", (n) => `bearer ${" ".repeat(n)}`],
  ["key prefixes", (n) => "sk-".repeat(n / 3)],
  ["one long bearer token", (n) => `Bearer ${"a".repeat(n)}`],
  ["assignment keywords", (n) => "token ".repeat(n / 6)],
];

/** CPU time (not wall time: several processes share the cores), the best of five runs, in ms. */
export function cpuCost(work: () => void, repeat = 4): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = process.cpuUsage();
    for (let j = 0; j < repeat; j++) work();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return Math.max(best, 0.2);
}

function scaling(
  make: (n: number) => string,
  small: number,
  factor: number,
  fn: (s: string) => unknown,
): number {
  const a = make(small);
  const b = make(small * factor);
  cpuCost(() => fn(a));
  cpuCost(() => fn(b));
  return cpuCost(() => fn(b)) / cpuCost(() => fn(a));
}

if (process.argv[1]?.endsWith("scrub-scaling.ts")) {
  const scrub: Record<string, number> = {};
  for (const [label, make] of ADVERSARIAL) scrub[label] = scaling(make, 30_000, 8, scrubString);
  const prompt = (n: number) => `Offer from bob@example.com: ${"price 120, ".repeat(n / 11)}`;
  const snippet = scaling(prompt, 2_000, 200, (text) => {
    for (let i = 0; i < 20; i++) redactedSnippet(text);
  });
  process.stdout.write(JSON.stringify({ scrub, snippet }));
}
