import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The house rule is "files under ~250 lines": one file, one job a newcomer reads in one sitting. The
// guard allows a tenth over that before it fails, so a file is split by its jobs, not at a line count.
const MAX_LINES = 275;
const ROOTS = ["app", "components", "lib", "scripts"];
const SOURCE = /\.(ts|tsx|mjs|cjs)$/;

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(path.join(dir, entry.name))
      : SOURCE.test(entry.name)
        ? [path.join(dir, entry.name)]
        : [],
  );

const lineCount = (file: string) => readFileSync(file, "utf8").trimEnd().split("\n").length;

describe("file size", () => {
  it(`keeps every source file in ${ROOTS.join(", ")} at most ${MAX_LINES} lines`, () => {
    const over = ROOTS.flatMap(sources)
      .map((file) => ({ file, lines: lineCount(file) }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(over).toEqual([]);
  });

  it("finds the sources it guards", () => {
    const all = ROOTS.flatMap(sources);
    expect(all).toContain(path.join("lib", "runs", "run-manager.ts"));
    expect(all.length).toBeGreaterThan(200);
  });
});
