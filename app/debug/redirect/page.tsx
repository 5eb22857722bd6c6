import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { testRoutesEnabled } from "@/lib/test-routes";

/** redirect() throws a control-flow signal, not an error: nothing may reach Sentry. */
export default async function RedirectPage(): Promise<never> {
  await connection();
  if (!testRoutesEnabled()) notFound();
  redirect("/debug");
}
