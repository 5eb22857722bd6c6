import { defineConfig } from "drizzle-kit";

// Migrations are generated once (`npm run db:generate`) and applied at start-up on PGlite and PostgreSQL alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./lib/db/migrations",
});
