import "server-only";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors/app-error";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite has no lock of its own, and a second process on the same directory loses
 * committed rows silently. One lock file with the owner's pid turns that into a clear error.
 */
export function acquireDataDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "mams.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(file, "utf8"));
      if (owner && owner !== process.pid && alive(owner)) {
        throw new AppError(
          "DATABASE_ERROR",
          `The data directory ${dir} is in use by process ${owner}. Stop that process, or set MAMS_DATA_DIR (or DATABASE_URL) for this one.`,
        );
      }
      fs.unlinkSync(file); // stale lock of a process that is gone
    }
  }
  throw new AppError("DATABASE_ERROR", `Could not lock the data directory ${dir}`);
}
