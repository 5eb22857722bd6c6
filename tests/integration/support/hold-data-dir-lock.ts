// A second process for tests/integration/data-dir-lock.test.ts: holds the lock on argv[2] until killed.
import { acquireDataDirLock } from "@/lib/db/data-dir-lock";

acquireDataDirLock(process.argv[2]!);
process.stdout.write(`locked ${process.pid}\n`);
setInterval(() => undefined, 60_000);
