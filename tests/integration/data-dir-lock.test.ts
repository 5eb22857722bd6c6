import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { acquireDataDirLock, LOCK_FILE } from "@/lib/db/data-dir-lock";
import { AppError } from "@/lib/errors/app-error";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  vi.unstubAllEnvs();
  vi.resetModules();
});

const freshDir = () => mkdtempSync(path.join(tmpdir(), "mams-lock-"));
const lockOwner = (dir: string) =>
  Number(readFileSync(path.join(dir, LOCK_FILE), "utf8").split("\n")[0]);

/** Another process holding the directory, as a running server does. */
async function holdInAnotherProcess(dir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=react-server",
      "tests/integration/support/hold-data-dir-lock.ts",
      dir,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.once("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

async function openError(dir: string): Promise<AppError> {
  const error = await openDatabase({ dataDir: dir }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("embedded data directory lock", () => {
  it("refuses a second process while the first holds the directory, naming the variable, directory and pid", async () => {
    const dir = freshDir();
    const holder = await holdInAnotherProcess(dir);
    const error = await openError(dir);
    expect(error.code).toBe("DATABASE_ERROR");
    expect(error.message).toContain("MAMS_DATA_DIR");
    expect(error.message).toContain(dir);
    expect(error.message).toContain(`process ${holder.pid}`);
    expect(error.message).toContain("DATABASE_URL");
    // Refused before PGlite was started: nothing was written into the directory.
    expect(existsSync(path.join(dir, "pglite"))).toBe(false);
    expect(lockOwner(dir)).toBe(holder.pid);
  });

  it("takes over the lock of a process that was killed, and frees it on close", async () => {
    const dir = freshDir();
    const holder = await holdInAnotherProcess(dir);
    await new Promise((resolve) => {
      holder.once("exit", resolve);
      holder.kill("SIGKILL");
    });
    expect(lockOwner(dir)).toBe(holder.pid); // the dead process left its lock behind
    const handle = await openDatabase({ dataDir: dir });
    expect(lockOwner(dir)).toBe(process.pid);
    await handle.close();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it("tells a reused pid from its owner by the start time /proc records", async () => {
    const dir = freshDir();
    // Pid 1 always runs; a lock without a start time cannot be told apart and is refused.
    writeFileSync(path.join(dir, LOCK_FILE), "1\n");
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by process 1 /);
    // The same pid with another start time is a process that is gone: its pid was given to another.
    writeFileSync(path.join(dir, LOCK_FILE), "1\n1\n");
    const release = acquireDataDirLock(dir);
    expect(lockOwner(dir)).toBe(process.pid);
    release();
  });

  it("counts the holds of one process: the file goes with the last release", () => {
    const dir = freshDir();
    const first = acquireDataDirLock(dir);
    const second = acquireDataDirLock(dir);
    first();
    first(); // twice is once
    expect(lockOwner(dir)).toBe(process.pid);
    second();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it("ends a server that starts on a held directory with exit code 1 and the message", async () => {
    const dir = freshDir();
    const holder = await holdInAnotherProcess(dir);
    vi.stubEnv("MAMS_DATA_DIR", dir);
    vi.stubEnv("DATABASE_URL", "");
    vi.resetModules();
    const { claimDataDirAtStart } = await import("@/lib/server/data-dir-boot");
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const exit = vi.fn();
    await claimDataDirAtStart({ exit } as unknown as Pick<NodeJS.Process, "exit">);
    expect(exit).toHaveBeenCalledWith(1);
    const printed = errors.mock.calls.map((call) => String(call[0])).join("\n");
    expect(printed).toContain(`MAMS_DATA_DIR: the embedded database directory ${dir}`);
    expect(printed).toContain(`in use by process ${holder.pid}`);
    errors.mockRestore();
  });
});
