import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// `npm test` and `npm run test:e2e` run this first: on a machine without the browser it must stop at once,
// before any build, and say what to install.
const check = (env: Record<string, string>) => {
  const result = spawnSync(process.execPath, ["scripts/check-chromium.mjs"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
};

describe("the Chromium pre-step", () => {
  it("with no browser at the path, exits non-zero naming the path, the apt command and the variable to set", () => {
    const result = check({ CHROMIUM_PATH: "/nonexistent/chromium" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no executable at /nonexistent/chromium (CHROMIUM_PATH)");
    expect(result.stderr).toContain("sudo apt-get install -y chromium");
    expect(result.stderr).toContain("CHROMIUM_PATH=/path/to/chromium");
  });

  it("refuses a path that is not an executable file (a directory, a plain file)", () => {
    expect(check({ CHROMIUM_PATH: "/tmp" }).status).toBe(1);
    expect(check({ CHROMIUM_PATH: "package.json" }).status).toBe(1);
  });

  it("passes silently when the path names an executable", () => {
    const result = check({ CHROMIUM_PATH: process.execPath });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
  });

  it("npm test runs it before anything else, and so does test:e2e before Playwright builds", async () => {
    const { scripts } = (await import("@/package.json")).default as {
      scripts: Record<string, string>;
    };
    expect(scripts.test).toMatch(/^(npm run lint && )?node scripts\/check-chromium\.mjs && /);
    expect(scripts["test:e2e"]).toMatch(
      /^node scripts\/check-chromium\.mjs && (\w+=\S+ )*playwright test/,
    );
  });
});
