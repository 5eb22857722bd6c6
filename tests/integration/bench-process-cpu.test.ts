import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { processTreeCpuMs } from "../../scripts/bench/process-cpu";

// A shell whose child node process burns 400 ms of CPU, says so and sleeps: the tree's time must include
// the grandchild's work (measured by its own clock, so a busy machine only makes it take longer).
const BURN = `while (process.cpuUsage().user < 400000) {} console.log("done"); setTimeout(() => {}, 60000);`;

describe.skipIf(process.platform !== "linux")("bench: CPU time of a server's process tree", () => {
  it("counts a descendant's CPU work and nothing while the tree sleeps", async () => {
    const shell = spawn("sh", ["-c", `"${process.execPath}" -e '${BURN}'; :`], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    try {
      await once(shell.stdout!, "data");
      const afterBurn = processTreeCpuMs(shell.pid)!;
      expect(afterBurn).toBeGreaterThanOrEqual(350);
      await new Promise((r) => setTimeout(r, 500));
      expect(processTreeCpuMs(shell.pid)! - afterBurn).toBeLessThan(50);
    } finally {
      spawn("pkill", ["-P", String(shell.pid)]);
      shell.kill();
      await once(shell, "exit");
    }
  });

  it("is undefined without a process", () => {
    expect(processTreeCpuMs(undefined)).toBeUndefined();
  });
});
