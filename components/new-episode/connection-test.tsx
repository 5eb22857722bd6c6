"use client";

import { useState } from "react";
import type { ConnectionReport } from "@/lib/ai/connection-test";
import { apiFetch, userStep } from "@/lib/client/api";
import type { EpisodeConfigInput } from "@/lib/domain/schemas";
import { isAppError } from "@/lib/errors/app-error";
import { Badge, Button } from "@/components/ui/primitives";

type Llm = EpisodeConfigInput["llm"];
type State =
  | { kind: "idle" }
  | { kind: "testing" }
  | { kind: "done"; report: ConnectionReport }
  | { kind: "error"; message: string };

/** One tiny call to the chosen provider and model, reported in plain words. */
export function ConnectionTest({ llm }: { llm: Llm }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const run = async () => {
    setState({ kind: "testing" });
    userStep("test connection", { provider: llm.provider, model: llm.model });
    const { provider, model, baseUrl, apiKey, outputMode, timeoutMs, connectTimeoutMs } = llm;
    try {
      const { report } = await apiFetch<{ report: ConnectionReport }>("/api/llm/test-connection", {
        method: "POST",
        json: { provider, model, baseUrl, apiKey, outputMode, timeoutMs, connectTimeoutMs },
      });
      setState({ kind: "done", report });
    } catch (error) {
      const details =
        isAppError(error) && Array.isArray(error.details)
          ? ` (${(error.details as Array<{ path: string; message: string }>).map((d) => `${d.path}: ${d.message}`).join("; ")})`
          : "";
      setState({ kind: "error", message: `${(error as Error).message}${details}` });
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="connection-test">
      <Button
        type="button"
        variant="secondary"
        onClick={run}
        disabled={state.kind === "testing"}
        data-testid="test-connection"
      >
        {state.kind === "testing" ? "Testing…" : "Test connection"}
      </Button>
      {state.kind === "done" && (
        <p
          className="flex flex-wrap items-center gap-2 text-sm"
          role="status"
          data-testid="connection-report"
          data-reachable={state.report.reachable}
          data-structured={state.report.structuredOutput}
        >
          <Badge tone={state.report.reachable ? "green" : "red"}>
            {state.report.reachable ? `Reachable · ${state.report.latencyMs} ms` : "Not reachable"}
          </Badge>
          <Badge
            tone={
              state.report.structuredOutput === "works"
                ? "green"
                : state.report.structuredOutput === "failed"
                  ? "red"
                  : "slate"
            }
          >
            Structured output ({state.report.mode}): {state.report.structuredOutput}
          </Badge>
          <span>{state.report.message}</span>
        </p>
      )}
      {state.kind === "error" && (
        <p className="text-sm text-red-700" role="alert" data-testid="connection-report">
          {state.message}
        </p>
      )}
    </div>
  );
}
