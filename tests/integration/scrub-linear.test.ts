import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { redactedSnippet } from "@/lib/sentry/server/redact";
import { ADVERSARIAL } from "./support/scrub-scaling";

/**
 * Every pattern is meant to be linear-time by construction (see lib/sentry/shared/scrub.ts); this checks it
 * on inputs built to make a backtracking pattern go quadratic. It measures only the scaling, loosely:
 * eight times the input may cost up to 30 times the CPU time (linear costs about 8, quadratic 64).
 * Absolute figures come from `npm run bench:scrub`.
 */
const measured = (() => {
  let result: { scrub: Record<string, number>; snippet: number } | undefined;
  return () =>
    (result ??= JSON.parse(
      execFileSync(
        process.execPath,
        [
          "--conditions=react-server",
          "--import",
          "tsx",
          "tests/integration/support/scrub-scaling.ts",
        ],
        { encoding: "utf8", timeout: 120_000 },
      ),
    ));
})();

describe("scrubbing is linear-time", () => {
  it.each(ADVERSARIAL.map(([label]) => label))(
    "%s",
    (label) => {
      const ratio = measured().scrub[label]!;
      expect(ratio, `8x the input cost ${ratio.toFixed(1)}x the time`).toBeLessThan(30);
    },
    120_000,
  );
});

describe("prompt snippet", () => {
  it("scrubs only what it keeps: a secret past the snippet shows nothing", () => {
    const prompt = `Hello @TechHub, my key is sk-proj-abcdefghijklmnopqrstuvwx ${"lorem ipsum ".repeat(20_000)}`;
    const snippet = redactedSnippet(prompt);
    expect(snippet.length).toBeLessThanOrEqual(80);
    expect(snippet).toContain("[Filtered]");
    expect(snippet).not.toContain("abcdefghijklmnop");
    expect(redactedSnippet("  a  b\n\tc ")).toBe("a b c");
  });

  it("costs about the same for a short and a very long prompt (only the snippet is scrubbed)", () => {
    const ratio = measured().snippet;
    expect(ratio, `200x the prompt cost ${ratio.toFixed(1)}x the time`).toBeLessThan(5);
  }, 120_000);
});
