import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/lib/db/client";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Vitest global setup of the integration project: creates and migrates one PGlite database and saves its
 * data directory, which every test file then loads instead of running initdb and the migrations again
 * (initdb is most of the cost of a fresh PGlite on a busy 2-core machine).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const base = new PGlite();
  await openDatabase({ pglite: base });
  const file = path.resolve("tmp", "vitest", `pglite-template-${process.pid}.tar`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from(await (await base.dumpDataDir("none")).arrayBuffer()));
  await base.close();
  project.provide("pgliteTemplate", file);
  return () => rmSync(file, { force: true });
}
