import { notFound } from "next/navigation";
import { connection } from "next/server";
import { RenderBomb } from "@/components/debug/render-bomb";
import { testRoutesEnabled } from "@/lib/test-routes";

/** A client component that throws while rendering: on the server (SSR) and again in the browser. */
export default async function ClientRenderErrorPage() {
  await connection();
  if (!testRoutesEnabled()) notFound();
  return <RenderBomb message="MAMS debug: client component render error" />;
}
