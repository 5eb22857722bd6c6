import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// tests/unit runs without isolation in one process: a file that opens a database, a socket or a child
// process belongs in tests/integration.
const IO =
  /from "(node:)?(child_process|http|https|net)"|from "@electric-sql\/pglite"|from "pg"|\/(test-db|api-harness|sentry-harness|sentry-ops-harness|openai-stand-in|sentry-receiver|sentry-api-stub)"|from "\.\.\/(integration|e2e)\//;

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [path.join(dir, entry.name)]
        : [],
  );

describe("the unit layer", () => {
  it("imports no database, network, process or integration/e2e support", () => {
    const offenders = files("tests/unit").filter(
      (file) => !file.endsWith("layout.test.ts") && IO.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("the check itself recognises an integration file", () => {
    expect(
      files("tests/integration").filter((file) => IO.test(readFileSync(file, "utf8"))).length,
    ).toBeGreaterThan(15);
  });
});
