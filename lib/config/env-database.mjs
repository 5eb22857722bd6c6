// Storage (lib/db): PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite in MAMS_DATA_DIR.
import { z } from "zod";

export const databaseSchema = {
  server: {
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, {
        message:
          "must be a PostgreSQL URL like postgres://user:pass@host:5432/db, or empty for the embedded database",
      })
      .optional(),
    MAMS_DATA_DIR: z.string().min(1).optional(),
  },
};
