import { spawn, type ChildProcess } from "node:child_process";
import { E2E_APP_ENV } from "./e2e-config";

export type BuildResult = { code: number | null; output: string };

/** Runs `next build` with the e2e environment plus overrides, in its own dist dir. */
export function runBuild(
  overrides: Record<string, string | undefined>,
  args: string[] = [],
): Promise<BuildResult> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...E2E_APP_ENV, ...overrides } as Record<
      string,
      string | undefined
    >;
    for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete env[key];
    const child = spawn("node_modules/.bin/next", ["build", ...args], {
      env: env as NodeJS.ProcessEnv,
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** Starts `next start` on a built dist dir and resolves once it answers. */
export async function startServer(
  overrides: Record<string, string | undefined>,
  port: number,
): Promise<ChildProcess> {
  const env = { ...process.env, ...E2E_APP_ENV, ...overrides } as Record<
    string,
    string | undefined
  >;
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete env[key];
  const child = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: env as NodeJS.ProcessEnv,
    stdio: "ignore",
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`next start on ${port} did not come up`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export type ServerProcess = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** `next start` with its output kept and its exit observable (for shutdown tests). */
export async function startServerProcess(
  overrides: Record<string, string>,
  port: number,
): Promise<ServerProcess> {
  const child = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...E2E_APP_ENV, ...overrides },
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok)
        return { child, output: () => output, exited };
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`next start on ${port} did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
