import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { buildAll, markBackgroundBuilds, variantBuild } from "../e2e/support/variant-builds";

// The e2e suite's build hand-over (tests/e2e/support/variant-builds.ts), with a stand-in for `next build`.
const fresh = () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "mams-variants-")), "builds");
  markBackgroundBuilds(undefined, dir);
  return dir;
};
const fakeBuild = (code = 0, delayMs = 0) =>
  vi.fn(async (overrides: Record<string, string | undefined>, args: string[]) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return { code, output: `built ${overrides.MAMS_DIST_DIR} ${args.join(" ")}` };
  });

describe("the e2e variant builds", () => {
  it("with no background builder, a spec builds inline with the variant's settings (compile only)", async () => {
    const dir = fresh();
    const build = fakeBuild();
    expect(await variantBuild("webpack", { build, dir })).toEqual({
      code: 0,
      output: "built .next-e2e-webpack --webpack",
    });
    expect(build).toHaveBeenCalledWith(
      expect.objectContaining({
        MAMS_DIST_DIR: ".next-e2e-webpack",
        MAMS_BUILD_SKIP_TYPECHECK: "true",
      }),
      ["--webpack"],
    );
  });

  it("with a live builder, a spec waits for its result and does not build again", async () => {
    const dir = fresh();
    markBackgroundBuilds(process.pid, dir);
    const background = fakeBuild(1, 300);
    const inline = fakeBuild();
    const [result] = await Promise.all([
      variantBuild("failing", { build: inline, dir }),
      buildAll(["webpack", "failing"], background, dir),
    ]);
    expect(result).toMatchObject({ code: 1, output: "built .next-e2e-failing " });
    expect(background.mock.calls.map(([overrides]) => overrides.MAMS_DIST_DIR)).toEqual([
      ".next-e2e-webpack",
      ".next-e2e-failing",
    ]);
    expect(inline).not.toHaveBeenCalled();
  });

  it("when the builder died before a result, a spec builds inline instead of waiting out its timeout", async () => {
    const dir = fresh();
    const exited = spawnSync(process.execPath, ["-e", "0"]);
    markBackgroundBuilds(exited.pid, dir);
    const inline = fakeBuild();
    expect(await variantBuild("nodsn", { build: inline, dir, timeoutMs: 5_000 })).toMatchObject({
      code: 0,
      output: "built .next-e2e-nodsn ",
    });
    expect(inline).toHaveBeenCalledTimes(1);
  });
});
