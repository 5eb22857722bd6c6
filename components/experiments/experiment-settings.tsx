"use client";

import { Card, Field, Select, TextInput } from "@/components/ui/primitives";
import {
  numberFieldValue,
  parseNumberField,
  type MarketDraft,
  type SettingsDraft,
} from "./experiment-draft";

type Props = {
  settings: SettingsDraft;
  errors: Record<string, string>;
  onChange: <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => void;
  onMarketChange: (key: keyof MarketDraft, value: number) => void;
};

const MARKET_FIELDS = [
  ["items", "Items per market", 1],
  ["sellers", "Sellers", 1],
  ["rangeWidth", "Range width (share above the lowest floor)", 0.05],
  ["noOverlapShare", "Share of no-overlap control items", 0.05],
] as const;

/** The experiment as a whole: name, scenario, paired seeds, rounds, concurrency, budget, market shape. */
export function ExperimentSettings({ settings, errors, onChange, onMarketChange }: Props) {
  const { market } = settings;
  return (
    <Card className="grid gap-3 sm:grid-cols-3">
      <Field label="Name" id="exp-name" error={errors.name}>
        <TextInput
          id="exp-name"
          value={settings.name}
          onChange={(e) => onChange("name", e.target.value)}
          invalid={Boolean(errors.name)}
        />
      </Field>
      <Field label="Scenario" id="exp-scenario">
        <Select
          id="exp-scenario"
          value={settings.scenario}
          onChange={(e) => onChange("scenario", e.target.value as SettingsDraft["scenario"])}
        >
          <option value="generated">Seeded generator</option>
          <option value="sample">Sample market (saved configuration)</option>
        </Select>
      </Field>
      <Field label="Seeds (paired: the same for every arm)" id="exp-seeds" error={errors.seeds}>
        <TextInput
          id="exp-seeds"
          type="number"
          value={numberFieldValue(settings.seedCount)}
          onChange={(e) => onChange("seedCount", parseNumberField(e.target.value))}
          invalid={Boolean(errors.seeds)}
        />
      </Field>
      <Field label="First seed" id="exp-first-seed">
        <TextInput
          id="exp-first-seed"
          type="number"
          value={numberFieldValue(settings.firstSeed)}
          onChange={(e) => onChange("firstSeed", parseNumberField(e.target.value))}
        />
      </Field>
      <Field label="Max rounds" id="exp-rounds" error={errors.maxRounds}>
        <TextInput
          id="exp-rounds"
          type="number"
          value={numberFieldValue(settings.maxRounds)}
          onChange={(e) => onChange("maxRounds", parseNumberField(e.target.value))}
          invalid={Boolean(errors.maxRounds)}
        />
      </Field>
      <Field label="Episodes at once" id="exp-concurrency" error={errors.concurrency}>
        <TextInput
          id="exp-concurrency"
          type="number"
          value={numberFieldValue(settings.concurrency)}
          onChange={(e) => onChange("concurrency", parseNumberField(e.target.value))}
          invalid={Boolean(errors.concurrency)}
        />
      </Field>
      <Field
        label="Budget in USD (optional)"
        id="exp-budget"
        error={errors.budgetUsd}
        hint="Runs end as budget_exceeded once spent (see Prices)"
      >
        <TextInput
          id="exp-budget"
          type="number"
          step="0.01"
          value={settings.budget}
          onChange={(e) => onChange("budget", e.target.value)}
          invalid={Boolean(errors.budgetUsd)}
        />
      </Field>
      {settings.scenario === "generated" &&
        MARKET_FIELDS.map(([key, label, step]) => (
          <Field key={key} label={label} id={`exp-${key}`} error={errors[`scenario.${key}`]}>
            <TextInput
              id={`exp-${key}`}
              type="number"
              step={step}
              value={numberFieldValue(market[key])}
              onChange={(e) => onMarketChange(key, parseNumberField(e.target.value))}
              invalid={Boolean(errors[`scenario.${key}`])}
            />
          </Field>
        ))}
    </Card>
  );
}
