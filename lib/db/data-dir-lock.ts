import "server-only";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors/app-error";

export const LOCK_FILE = "mams.lock";

type Owner = { pid: number; start?: string };
// The instrumentation bundle (start-up claim) and the route bundles (the database) are separate module
// instances in one process: the holds are counted on globalThis.
type Holder = { held: Map<string, number>; exitHooked?: boolean };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.data-dir-locks")] ??= {
  held: new Map(),
});

/** The embedded database's directory, absolute: MAMS_DATA_DIR, `./data` without it. */
export function resolveDataDir(dataDir: string | undefined): string {
  // A runtime folder, not part of the app: keep the bundler from tracing the whole project.
  return path.resolve(/* turbopackIgnore: true */ dataDir ?? "data");
}

/** Linux: `[state, starttime]` from /proc/<pid>/stat; undefined elsewhere or when the pid is gone. */
function procStat(pid: number): [string, string] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "pid (comm) ": the name may hold spaces and parentheses, so cut at the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return [fields[0]!, fields[19]!];
  } catch {
    return undefined;
  }
}

/** The owner still runs: its pid exists, is no zombie, and (where /proc says) is the same process, not a reused pid. */
function ownerAlive(owner: Owner): boolean {
  if (owner.pid === process.pid) return false; // a lock from an earlier life of this pid (container restart)
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = procStat(owner.pid);
  if (!stat) return true;
  if (stat[0] === "Z") return false;
  return !owner.start || owner.start === stat[1];
}

function parseOwner(text: string): Owner | undefined {
  const [pidLine, start] = text.split("\n");
  const pid = Number(pidLine);
  return Number.isInteger(pid) && pid > 0 ? { pid, start: start || undefined } : undefined;
}

/** Creates the lock file with its content in one step: a full temporary file hard-linked into place. */
function create(file: string, body: string): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, body);
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") throw error;
    // A file system without hard links: exclusive create, the content a write later.
    try {
      fs.writeFileSync(file, body, { flag: "wx" });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw fallback;
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Moves the stale lock away; if another starter replaced it meanwhile, puts that one back. */
function removeStale(file: string, seen: string): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (fs.readFileSync(aside, "utf8") !== seen) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // a third starter holds it now: that one's lock stands
    }
  }
  fs.rmSync(aside, { force: true });
}

export function dataDirInUseMessage(dir: string, pid: number): string {
  return (
    `MAMS_DATA_DIR: the embedded database directory ${dir} is in use by process ${pid} (another MAMS server). ` +
    "One PGlite directory serves one process; a second one would corrupt it. " +
    `Stop process ${pid}, give this instance its own MAMS_DATA_DIR, or set DATABASE_URL (PostgreSQL) to run several instances.`
  );
}

function removeIfOurs(file: string): void {
  try {
    if (parseOwner(fs.readFileSync(file, "utf8"))?.pid === process.pid) fs.unlinkSync(file);
  } catch {
    // already gone
  }
}

function lockFile(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const body = `${process.pid}\n${procStat(process.pid)?.[1] ?? ""}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(file, body)) return;
    let seen: string;
    try {
      seen = fs.readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    const owner = parseOwner(seen);
    if (owner && ownerAlive(owner))
      throw new AppError("DATABASE_ERROR", dataDirInUseMessage(dir, owner.pid), {
        details: { dataDir: dir, pid: owner.pid },
      });
    removeStale(file, seen); // a process that died (kill -9, crash) or an unreadable lock
  }
  throw new AppError("DATABASE_ERROR", `MAMS_DATA_DIR: could not lock the directory ${dir}`);
}

/**
 * PGlite has no lock of its own: a second process on the same directory loses committed rows silently.
 * One lock file with the owner's pid (and start time) turns that into a clear error at once. Holds are
 * counted per process (the start-up claim and the open database); the file goes with the last release,
 * or when the process exits.
 */
export function acquireDataDirLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const count = holder.held.get(file) ?? 0;
  if (count === 0) lockFile(dir);
  holder.held.set(file, count + 1);
  if (!holder.exitHooked) {
    holder.exitHooked = true;
    process.once("exit", () => {
      for (const held of holder.held.keys()) removeIfOurs(held);
    });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (holder.held.get(file) ?? 1) - 1;
    if (left > 0) {
      holder.held.set(file, left);
      return;
    }
    holder.held.delete(file);
    removeIfOurs(file);
  };
}
