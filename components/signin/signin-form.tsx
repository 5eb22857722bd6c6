"use client";

import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { isAppError } from "@/lib/errors/app-error";

export function SignInForm({ next }: { next: string }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          await apiFetch("/api/session", { method: "POST", json: { token } });
          window.location.assign(next);
        } catch (caught) {
          setError(isAppError(caught) ? caught.message : "Sign-in failed");
          setBusy(false);
        }
      }}
    >
      <label className="block text-sm font-medium" htmlFor="access-token">
        Access token
      </label>
      <input
        id="access-token"
        data-testid="access-token"
        type="password"
        autoComplete="current-password"
        className="w-full rounded border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        value={token}
        onChange={(event) => setToken(event.target.value)}
      />
      {error && (
        <p role="alert" data-testid="signin-error" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <button
        type="submit"
        data-testid="signin-submit"
        disabled={busy || !token}
        className="rounded bg-slate-900 px-4 py-2 text-sm text-white disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900"
      >
        Sign in
      </button>
    </form>
  );
}
