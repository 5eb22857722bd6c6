import { readdirSync, readFileSync } from "node:fs";

// Linux reports process times in clock ticks; USER_HZ is 100 on every mainstream kernel (getconf CLK_TCK).
const TICK_MS = 10;

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8")
        .split(" ")
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** CPU time (user + system, milliseconds) a process has used, with its reaped children. */
function ownCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which may hold spaces, are counted from its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime, cutime, cstime are fields 14–17 of stat(5): 12–15 after the name.
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) * TICK_MS;
  } catch {
    return 0;
  }
}

/**
 * CPU time of a process and every descendant, in milliseconds, or undefined off Linux. The bench reads it
 * around each block: CPU per request is what a configuration costs the server, and tells a cost paid in
 * CPU from one paid in waiting. On this VM it varies between rounds as much as throughput does (the
 * core's speed itself drifts), so it explains the noise rather than removing it (docs/performance.md).
 */
export function processTreeCpuMs(pid: number | undefined): number | undefined {
  if (!pid || process.platform !== "linux") return undefined;
  let total = 0;
  const pending = [pid];
  while (pending.length) {
    const next = pending.pop()!;
    total += ownCpuMs(next);
    pending.push(...children(next));
  }
  return total;
}
