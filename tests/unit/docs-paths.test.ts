import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The docs name files by path; files move. Every path a doc puts in backticks must exist, so a move that
// forgets the docs fails here instead of misleading the next reader.

const ROOT = path.resolve(__dirname, "../..");
const TOP_LEVEL = [
  "app/",
  "components/",
  "lib/",
  "tests/",
  "scripts/",
  "docs/",
  ".ci/",
  ".github/",
  "drizzle/",
];
const SKIP_DIRS = new Set([
  "node_modules",
  ".git",
  "data",
  "tmp",
  "test-results",
  "playwright-report",
]);

function docFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs];
}

/** Inline code spans outside fenced blocks. */
function codeSpans(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "");
  return [...prose.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!.trim());
}

/** A span that names a file or folder of this repository: a path under a top-level folder, or a bare file name. */
function repoPathOf(span: string): { kind: "path" | "name"; value: string } | undefined {
  const value = span.replace(/[.,;:]$/, "");
  if (/[\s<>*…:?=|{}()]/.test(value) || value.startsWith("/") || value.startsWith("http"))
    return undefined;
  if (TOP_LEVEL.some((prefix) => value.startsWith(prefix))) return { kind: "path", value };
  if (/^[\w.-]+\.(ts|tsx|mjs|cjs|js|json|md|sql|sh)$/.test(value) && !value.startsWith("."))
    return { kind: "name", value };
  if ([".env.example", ".git-blame-ignore-revs"].includes(value)) return { kind: "path", value };
  return undefined;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "");
  const headings = [...prose.matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]!);
  return new Set(
    headings.map((text) =>
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    ),
  );
}

function repoFileNames(dir = ROOT, names = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name) || entry.name.startsWith(".next")) continue;
    if (entry.isDirectory()) repoFileNames(path.join(dir, entry.name), names);
    else names.add(entry.name);
  }
  return names;
}

describe("paths named in README.md and docs/*.md", () => {
  it("finds paths in code spans and leaves routes, commands and templates alone", () => {
    const spans = codeSpans(
      "see `lib/env.mjs`, `lifecycle.ts`, `GET /api/health`, `app/api/<path>/route.ts`, `npm test`\n```\n`lib/nowhere.ts`\n```",
    );
    expect(spans.map(repoPathOf).filter(Boolean)).toEqual([
      { kind: "path", value: "lib/env.mjs" },
      { kind: "name", value: "lifecycle.ts" },
    ]);
  });

  it("every one of them exists", () => {
    const names = repoFileNames();
    const missing: string[] = [];
    let checked = 0;
    for (const doc of docFiles()) {
      for (const span of codeSpans(readFileSync(path.join(ROOT, doc), "utf8"))) {
        const found = repoPathOf(span);
        if (!found) continue;
        checked += 1;
        const ok =
          found.kind === "path" ? existsSync(path.join(ROOT, found.value)) : names.has(found.value);
        if (!ok) missing.push(`${doc}: \`${found.value}\``);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(missing, `paths named in the docs that do not exist:\n${missing.join("\n")}`).toEqual(
      [],
    );
  });

  it("every relative link points at a file that exists, and at a heading it has", () => {
    const broken: string[] = [];
    for (const doc of docFiles()) {
      const text = readFileSync(path.join(ROOT, doc), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [file, anchor] = target!.split("#");
        const resolved = file
          ? path.join(path.dirname(path.join(ROOT, doc)), file)
          : path.join(ROOT, doc);
        if (!existsSync(resolved)) broken.push(`${doc}: ${target} (no such file)`);
        else if (anchor && !anchorsOf(readFileSync(resolved, "utf8")).has(anchor))
          broken.push(`${doc}: ${target} (no such heading)`);
      }
    }
    expect(broken, `broken links in the docs:\n${broken.join("\n")}`).toEqual([]);
  });
});
