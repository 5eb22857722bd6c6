import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { cpus } from "node:os";

/** `dist` is the build a configuration is served from (default: the bench build), so two builds can be compared. */
export type BenchConfig = {
  name: string;
  label: string;
  env: Record<string, string>;
  dist?: string;
};

const DSN = (port: number) => `http://benchbackendkey@127.0.0.1:${port}/1`;

/** Every configuration the bench knows; BENCH_BASELINE_DIST adds two served from another build. */
export function allConfigurations(
  receiverPort: number,
  baselineDist = process.env.BENCH_BASELINE_DIST,
): BenchConfig[] {
  const dsn = { SENTRY_DSN_BACKEND: DSN(receiverPort) };
  const all: BenchConfig[] = [
    { name: "off", label: "Sentry off (no DSN)", env: {} },
    {
      name: "errors",
      label: "errors only (traces 0)",
      env: { ...dsn, SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0" },
    },
    {
      name: "t02",
      label: "traces 0.2, per-route policy (production default)",
      env: { ...dsn, SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0.2" },
    },
    {
      name: "t02flat",
      label: "traces 0.2 on every route (no per-route policy)",
      env: {
        ...dsn,
        SENTRY_TRACES_SAMPLE_RATE_BACKEND: "0.2",
        SENTRY_TRACES_SAMPLE_RATE_READ: "0.2",
      },
    },
    {
      name: "t10",
      label: "traces 1.0",
      env: { ...dsn, SENTRY_TRACES_SAMPLE_RATE_BACKEND: "1", SENTRY_TRACES_SAMPLE_RATE_READ: "1" },
    },
  ];
  if (baselineDist) {
    all.push({
      name: "errors@base",
      label: `errors only, baseline build (${baselineDist})`,
      env: all[1]!.env,
      dist: baselineDist,
    });
    all.push({
      name: "t02@base",
      label: `traces 0.2, baseline build (${baselineDist})`,
      env: all[2]!.env,
      dist: baselineDist,
    });
  }
  return all;
}

/**
 * The configurations to interleave: BENCH_CONFIGS (comma-separated names), by default off, errors,
 * t02 and, with a baseline build, errors@base and t02@base, so a cut is measured under the same noise.
 */
export function configurations(receiverPort: number): BenchConfig[] {
  const all = allConfigurations(receiverPort);
  const fallback = `off,errors,t02${process.env.BENCH_BASELINE_DIST ? ",errors@base,t02@base" : ""}`;
  const wanted = (process.env.BENCH_CONFIGS ?? fallback).split(",").map((s) => s.trim());
  const unknown = wanted.filter((name) => !all.some((c) => c.name === name));
  if (unknown.length)
    throw new Error(
      `BENCH_CONFIGS: unknown configuration ${unknown.join(", ")} (known: ${all.map((c) => c.name).join(", ")})`,
    );
  if (!wanted.includes("off")) wanted.unshift("off"); // every ratio is taken against it
  return wanted.map((name) => all.find((c) => c.name === name)!);
}

export function run(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env } as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("exit", resolve);
  });
}

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * With two or more cores (and BENCH_PIN not "false"), servers run on the last core and this process
 * (load generator and Sentry receiver) on the others. Otherwise the receiver's work on the envelopes
 * a traced server sends would be charged to that server, which real ingestion elsewhere never is.
 */
export const pinning = (() => {
  const count = cpus().length;
  if (
    process.env.BENCH_PIN === "false" ||
    count < 2 ||
    process.platform !== "linux" ||
    !hasTaskset()
  )
    return undefined;
  return { server: String(count - 1), bench: count === 2 ? "0" : `0-${count - 2}` };
})();

export function pinBenchProcess(): void {
  if (pinning)
    execFileSync("taskset", ["-pc", pinning.bench, String(process.pid)], { stdio: "ignore" });
}

export async function startNext(
  distDir: string,
  config: BenchConfig,
  port: number,
  base: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const dataDir = `tmp/bench/${config.name.replace(/[^a-z0-9]/gi, "-")}`;
  rmSync(dataDir, { recursive: true, force: true });
  const command = [
    process.execPath,
    ...nodeArgs,
    "node_modules/next/dist/bin/next",
    "start",
    "-p",
    String(port),
    "-H",
    "127.0.0.1",
  ];
  const [file, ...args] = pinning ? ["taskset", "-c", pinning.server, ...command] : command;
  const child = spawn(file!, args, {
    // The load generator is one client writing as fast as it can: the per-client write limit would measure itself.
    env: {
      ...process.env,
      ...base,
      ...config.env,
      MAMS_DIST_DIR: config.dist ?? distDir,
      MAMS_DATA_DIR: dataDir,
      MAMS_WRITES_PER_MINUTE: "1000000",
    },
    stdio: "ignore",
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error(`${config.name} did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
