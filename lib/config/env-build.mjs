// How the app is built and run: build folders and switches (next.config.mjs), test-only routes, CI.
import { z } from "zod";
import { bool } from "./env-fields.mjs";

const distDir = z
  .string()
  .regex(/^\.next[a-z0-9_-]*$/i, { message: "must be a folder name starting with .next" })
  .optional();

export const buildSchema = {
  server: {
    MAMS_ENABLE_TEST_ROUTES: bool,
    MAMS_DIST_DIR: distDir,
    MAMS_SERVE_DIST_DIR: distDir.optional(),
    MAMS_BUILD_WITHOUT_SENTRY: bool,
    MAMS_BUILD_SKIP_TYPECHECK: bool,
    CI: z.string().optional(),
  },
  shared: {
    NODE_ENV: z.enum(["development", "test", "production"]).optional(),
  },
};
