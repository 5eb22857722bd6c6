// The background builder global setup starts: the variant builds, one at a time, while the main specs run.
import { buildAll } from "./variant-builds";

// Playwright stopped without its teardown (killed, Ctrl-C twice): stop the builds too, group and all.
const runner = process.ppid;
setInterval(() => {
  try {
    process.kill(runner, 0);
  } catch {
    process.kill(-process.pid, "SIGTERM");
  }
}, 2_000).unref();

buildAll().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
