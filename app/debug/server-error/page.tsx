import { notFound } from "next/navigation";
import { connection } from "next/server";
import { testRoutesEnabled } from "@/lib/test-routes";

export default async function ServerErrorPage(): Promise<never> {
  await connection();
  if (!testRoutesEnabled()) notFound();
  throw new Error("MAMS debug: server component error");
}
