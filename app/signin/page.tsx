import { connection } from "next/server";
import { SignInForm } from "@/components/signin/signin-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  await connection();
  const { next } = await searchParams;
  // Only a path on this site: never an open redirect.
  const target = typeof next === "string" && /^\/(?!\/)[^\\]*$/.test(next) ? next : "/";
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        This MAMS server asks for its access token (MAMS_ACCESS_TOKEN).
      </p>
      <SignInForm next={target} />
    </div>
  );
}
