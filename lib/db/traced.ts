import "server-only";
import * as Sentry from "@sentry/nextjs";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { DbHandle } from "./client";

/** Runs a storage operation in a `db` span; a driver failure becomes DATABASE_ERROR with its cause. */
export function tracedStorage(handle: DbHandle) {
  return <T>(operation: string, fn: () => Promise<T>): Promise<T> =>
    Sentry.startSpan(
      {
        op: "db",
        name: `db.${operation}`,
        attributes: {
          "db.system.name": "postgresql",
          "db.operation.name": operation,
          "mams.db.driver": handle.driver,
        },
      },
      async () => {
        try {
          return await fn();
        } catch (error) {
          if (isAppError(error)) throw error;
          throw new AppError("DATABASE_ERROR", `Storage failed during ${operation}`, {
            cause: error,
          });
        }
      },
    );
}
