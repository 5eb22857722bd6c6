import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gitCommitSha, resolveRelease } from "@/lib/config/release.mjs";

describe("release resolution", () => {
  it("uses an explicit release as given", () => {
    expect(resolveRelease("mams@2.0.0")).toBe("mams@2.0.0");
  });

  it("resolves auto to the git commit SHA of the checkout", () => {
    const sha = gitCommitSha(process.cwd());
    if (sha) expect(resolveRelease("auto")).toBe(sha);
    expect(resolveRelease(undefined, { sha: () => "a".repeat(40) })).toBe("a".repeat(40));
  });

  it("falls back to the package version when there is no git", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mams-release-"));
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "mams", version: "9.9.9" }),
    );
    expect(gitCommitSha(dir)).toBeUndefined();
    expect(resolveRelease("auto", { cwd: dir })).toBe("mams@9.9.9");
  });
});
