// Scale-out (DATABASE_URL only, docs/deploy.md): how soon another instance resumes a dead instance's
// runs, and the name this instance goes by.
import { z } from "zod";

export const scaleOutSchema = {
  server: {
    MAMS_TAKEOVER_SECONDS: z
      .string()
      .regex(/^\d+$/, { message: "must be a whole number of seconds between 3 and 600" })
      .transform(Number)
      .refine((value) => value >= 3 && value <= 600, {
        message: "must be a whole number of seconds between 3 and 600",
      })
      .optional(),
    MAMS_INSTANCE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, {
        message: "must be 1-64 letters, digits, '.', '_', ':' or '-'",
      })
      .optional(),
  },
};
