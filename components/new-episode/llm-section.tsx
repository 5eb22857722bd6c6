"use client";

import {
  DEFAULT_MAX_BAD_TURNS,
  DEFAULT_OUTPUT_MODES,
  LLM_PROVIDERS,
  OUTPUT_MODES,
  type EpisodeConfigInput,
} from "@/lib/domain/schemas";
import { numberFromInput, type FieldErrors } from "@/lib/client/form-state";
import { Card, Field, Select, TextInput } from "@/components/ui/primitives";
import { ConnectionTest } from "./connection-test";

type Props = {
  llm: EpisodeConfigInput["llm"];
  errors: FieldErrors;
  onChange: (path: string, value: unknown) => void;
};
const MODE_LABELS = {
  schema: "JSON schema (enforced)",
  json: "JSON mode",
  prompt: "Prompt only",
} as const;
const NUMBERS = [
  ["temperature", "Temperature (0–2)", 0.1],
  ["maxTokens", "Max tokens", 1],
  ["maxRounds", "Max rounds (1–20)", 1],
] as const;

export function LlmSection({ llm, errors, onChange }: Props) {
  const remote = llm.provider !== "simulated";
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">LLM settings</h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Field
          label="Provider"
          id="llm-provider"
          error={errors["llm.provider"]}
          hint={remote ? undefined : "Built in, deterministic, needs nothing"}
        >
          <Select
            id="llm-provider"
            value={llm.provider}
            onChange={(e) => onChange("llm.provider", e.target.value)}
          >
            {LLM_PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Model" id="llm-model" error={errors["llm.model"]}>
          <TextInput
            id="llm-model"
            value={llm.model}
            invalid={Boolean(errors["llm.model"])}
            onChange={(e) => onChange("llm.model", e.target.value)}
          />
        </Field>
        {NUMBERS.map(([key, label, step]) => (
          <Field key={key} label={label} id={`llm-${key}`} error={errors[`llm.${key}`]}>
            <TextInput
              id={`llm-${key}`}
              type="number"
              step={step}
              value={Number.isNaN(llm[key]) ? "" : llm[key]}
              invalid={Boolean(errors[`llm.${key}`])}
              onChange={(e) => onChange(`llm.${key}`, numberFromInput(e.target.value))}
            />
          </Field>
        ))}
        <Field
          label="Budget (USD, optional)"
          id="llm-budgetUsd"
          error={errors["llm.budgetUsd"]}
          hint="The run ends as budget_exceeded once its estimated cost passes this"
        >
          <TextInput
            id="llm-budgetUsd"
            data-testid="llm-budgetUsd"
            type="number"
            min={0}
            step={0.01}
            placeholder="no limit"
            value={llm.budgetUsd === undefined || Number.isNaN(llm.budgetUsd) ? "" : llm.budgetUsd}
            invalid={Boolean(errors["llm.budgetUsd"])}
            onChange={(e) =>
              onChange(
                "llm.budgetUsd",
                e.target.value === "" ? undefined : numberFromInput(e.target.value),
              )
            }
          />
        </Field>
      </div>
      {remote && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Base URL (optional)"
            id="llm-baseUrl"
            error={errors["llm.baseUrl"]}
            hint="Defaults to the provider's usual address"
          >
            <TextInput
              id="llm-baseUrl"
              value={llm.baseUrl ?? ""}
              invalid={Boolean(errors["llm.baseUrl"])}
              onChange={(e) => onChange("llm.baseUrl", e.target.value || undefined)}
            />
          </Field>
          <Field
            label="API key (optional)"
            id="llm-apiKey"
            error={errors["llm.apiKey"]}
            hint="Stored on the server, never shown again"
          >
            <TextInput
              id="llm-apiKey"
              type="password"
              autoComplete="off"
              value={llm.apiKey ?? ""}
              onChange={(e) => onChange("llm.apiKey", e.target.value || undefined)}
            />
          </Field>
          <Field
            label="Structured output"
            id="llm-outputMode"
            error={errors["llm.outputMode"]}
            hint="How the model is held to the answer's shape"
          >
            <Select
              id="llm-outputMode"
              value={llm.outputMode ?? ""}
              onChange={(e) => onChange("llm.outputMode", e.target.value || undefined)}
            >
              <option value="">
                Provider default ({MODE_LABELS[DEFAULT_OUTPUT_MODES[llm.provider]]})
              </option>
              {OUTPUT_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {MODE_LABELS[mode]}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="Unusable answers in a row before the room fails"
            id="llm-maxBadTurns"
            error={errors["llm.maxBadTurns"]}
            hint="Each gets one repair attempt, then the agent passes the round"
          >
            <TextInput
              id="llm-maxBadTurns"
              type="number"
              step={1}
              placeholder={String(DEFAULT_MAX_BAD_TURNS)}
              value={
                llm.maxBadTurns === undefined || Number.isNaN(llm.maxBadTurns)
                  ? ""
                  : llm.maxBadTurns
              }
              invalid={Boolean(errors["llm.maxBadTurns"])}
              onChange={(e) =>
                onChange(
                  "llm.maxBadTurns",
                  e.target.value === "" ? undefined : numberFromInput(e.target.value),
                )
              }
            />
          </Field>
        </div>
      )}
      {remote && <ConnectionTest llm={llm} />}
    </Card>
  );
}
