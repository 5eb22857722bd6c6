"use client";

import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import type { Price } from "@/lib/experiments/prices";
import { isAppError } from "@/lib/errors/app-error";
import { Button, Card, TextInput } from "@/components/ui/primitives";

/** The price table, editable in place: USD per million input / output tokens. */
export function PriceTable({ initial }: { initial: Price[] }) {
  const [rows, setRows] = useState(initial);
  const [status, setStatus] = useState<string>();
  const [draft, setDraft] = useState<Price>({
    provider: "openai",
    model: "",
    inputPerMTok: 0,
    outputPerMTok: 0,
  });
  const save = async (prices: Price[]) => {
    setStatus(undefined);
    try {
      const result = await apiFetch<{ prices: Price[] }>("/api/prices", {
        method: "PUT",
        json: { prices },
      });
      setRows(result.prices);
      setStatus("Saved.");
    } catch (e) {
      const details =
        isAppError(e) && Array.isArray(e.details)
          ? (e.details as Array<{ path: string; message: string }>)
              .map((d) => `${d.path}: ${d.message}`)
              .join("; ")
          : "";
      setStatus(`${isAppError(e) ? e.message : "Could not save."} ${details}`);
    }
  };
  const edit = (i: number, key: "inputPerMTok" | "outputPerMTok", value: string) =>
    setRows((list) => list.map((r, j) => (j === i ? { ...r, [key]: Number(value) } : r)));
  return (
    <Card className="space-y-3">
      <table className="w-full text-left text-sm" data-testid="price-table">
        <thead className="text-xs text-slate-500">
          <tr>
            {["Provider", "Model", "Input $/M tokens", "Output $/M tokens"].map((h) => (
              <th key={h} className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr
              key={`${r.provider}/${r.model}`}
              className="border-t border-slate-200 dark:border-slate-800"
            >
              <td className="px-2 py-1">{r.provider}</td>
              <td className="px-2 py-1">{r.model}</td>
              <td className="px-2 py-1">
                <TextInput
                  id={`price-${i}-in`}
                  aria-label={`${r.provider} ${r.model} input price`}
                  type="number"
                  step="0.01"
                  value={r.inputPerMTok}
                  onChange={(e) => edit(i, "inputPerMTok", e.target.value)}
                />
              </td>
              <td className="px-2 py-1">
                <TextInput
                  id={`price-${i}-out`}
                  aria-label={`${r.provider} ${r.model} output price`}
                  type="number"
                  step="0.01"
                  value={r.outputPerMTok}
                  onChange={(e) => edit(i, "outputPerMTok", e.target.value)}
                />
              </td>
            </tr>
          ))}
          <tr className="border-t border-slate-200 dark:border-slate-800">
            <td className="px-2 py-1">
              <TextInput
                id="price-new-provider"
                aria-label="New row provider"
                value={draft.provider}
                onChange={(e) => setDraft({ ...draft, provider: e.target.value })}
              />
            </td>
            <td className="px-2 py-1">
              <TextInput
                id="price-new-model"
                aria-label="New row model"
                placeholder="model or *"
                value={draft.model}
                onChange={(e) => setDraft({ ...draft, model: e.target.value })}
              />
            </td>
            <td className="px-2 py-1">
              <TextInput
                id="price-new-in"
                aria-label="New row input price"
                type="number"
                value={draft.inputPerMTok}
                onChange={(e) => setDraft({ ...draft, inputPerMTok: Number(e.target.value) })}
              />
            </td>
            <td className="px-2 py-1">
              <TextInput
                id="price-new-out"
                aria-label="New row output price"
                type="number"
                value={draft.outputPerMTok}
                onChange={(e) => setDraft({ ...draft, outputPerMTok: Number(e.target.value) })}
              />
            </td>
          </tr>
        </tbody>
      </table>
      <div className="flex items-center gap-3">
        <Button
          onClick={() => void save(draft.model ? [...rows, draft] : rows)}
          data-testid="save-prices"
        >
          Save prices
        </Button>
        {status && (
          <span role="status" className="text-sm" data-testid="price-status">
            {status}
          </span>
        )}
      </div>
    </Card>
  );
}
