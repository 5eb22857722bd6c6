"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Upload } from "lucide-react";
import { apiFetch } from "@/lib/client/api";
import { isAppError } from "@/lib/errors/app-error";
import { Button, Card } from "@/components/ui/primitives";

/** Uploads a JSONL export; the imported episode opens as a read-only replay. */
export function ImportForm() {
  const router = useRouter();
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string[]>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const { episodes } = await apiFetch<{ episodes: Array<{ id: string }> }>("/api/imports", {
        method: "POST",
        body: await file.text(),
        headers: { "content-type": "application/x-ndjson" },
      });
      router.push(`/episodes/${episodes[0]!.id}`);
    } catch (e) {
      const details =
        isAppError(e) && Array.isArray(e.details)
          ? (e.details as Array<{ path: string; message: string }>).map(
              (d) => `${d.path}: ${d.message}`,
            )
          : [];
      setError([isAppError(e) ? e.message : "The import failed.", ...details]);
      setBusy(false);
    }
  };
  return (
    <Card className="space-y-3">
      <label htmlFor="import-file" className="block text-sm font-medium">
        A MAMS export (.jsonl)
      </label>
      <input
        id="import-file"
        type="file"
        accept=".jsonl,application/x-ndjson"
        data-testid="import-file"
        onChange={(e) => setFile(e.target.files?.[0])}
      />
      <Button onClick={() => void submit()} disabled={!file || busy} data-testid="import-submit">
        <Upload aria-hidden className="size-4" /> Import and replay
      </Button>
      {error && (
        <ul role="alert" className="text-sm text-red-700" data-testid="import-error">
          {error.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}
