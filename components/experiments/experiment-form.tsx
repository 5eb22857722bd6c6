"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FlaskConical, Plus, Trash2 } from "lucide-react";
import { apiFetch } from "@/lib/client/api";
import { BUYER_STRATEGIES, LLM_PROVIDERS, PRIORITIES, STYLES } from "@/lib/domain/schemas";
import { sampleEpisodeConfig } from "@/lib/domain/sample-data";
import { isAppError } from "@/lib/errors/app-error";
import { Button, Card, Field, Select, TextInput } from "@/components/ui/primitives";

type ArmDraft = {
  label: string;
  provider: string;
  model: string;
  temperature: number;
  apiKey: string;
  baseUrl: string;
  sellerPriority: string;
  sellerStyle: string;
  buyerStrategy: string;
};

const newArm = (n: number): ArmDraft => ({
  label: `arm ${n}`,
  provider: "simulated",
  model: "mams-sim-1",
  temperature: 0.7,
  apiKey: "",
  baseUrl: "",
  sellerPriority: "",
  sellerStyle: "",
  buyerStrategy: "",
});
const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));

/** Arms × a scenario × N paired seeds; the server validates the same spec and names each bad field. */
export function ExperimentForm() {
  const router = useRouter();
  const [name, setName] = useState("My experiment");
  const [scenario, setScenario] = useState<"generated" | "sample">("generated");
  const [market, setMarket] = useState({
    items: 1,
    sellers: 3,
    rangeWidth: 0.25,
    noOverlapShare: 0.2,
  });
  const [arms, setArms] = useState<ArmDraft[]>([newArm(1), newArm(2)]);
  const [seedCount, setSeedCount] = useState(10);
  const [firstSeed, setFirstSeed] = useState(1);
  const [maxRounds, setMaxRounds] = useState(6);
  const [concurrency, setConcurrency] = useState(2);
  const [budget, setBudget] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  const setArm = (i: number, patch: Partial<ArmDraft>) =>
    setArms((list) => list.map((a, j) => (j === i ? { ...a, ...patch } : a)));

  const submit = async () => {
    setBusy(true);
    setErrors({});
    setMessage(undefined);
    const body = {
      name,
      scenario:
        scenario === "sample"
          ? { kind: "config", config: sampleEpisodeConfig }
          : { kind: "generated", ...market },
      arms: arms.map((a) => ({
        label: a.label,
        provider: a.provider,
        model: a.model,
        temperature: a.temperature,
        ...(a.apiKey && { apiKey: a.apiKey }),
        ...(a.baseUrl && { baseUrl: a.baseUrl }),
        ...(a.sellerPriority && { sellerPriority: a.sellerPriority }),
        ...(a.sellerStyle && { sellerStyle: a.sellerStyle }),
        ...(a.buyerStrategy && { buyerStrategy: a.buyerStrategy }),
      })),
      seeds:
        Number.isInteger(seedCount) && seedCount > 0 && seedCount <= 200
          ? Array.from({ length: seedCount }, (_v, i) => firstSeed + i)
          : [],
      maxRounds,
      concurrency,
      ...(budget.trim() && { budgetUsd: Number(budget) }),
    };
    try {
      const { experiment } = await apiFetch<{ experiment: { id: string } }>("/api/experiments", {
        method: "POST",
        json: body,
      });
      router.push(`/experiments/${experiment.id}`);
    } catch (e) {
      const details =
        isAppError(e) && Array.isArray(e.details)
          ? (e.details as Array<{ path: string; message: string }>)
          : [];
      setErrors(Object.fromEntries(details.map((d) => [d.path, d.message])));
      setMessage(isAppError(e) ? e.message : "The experiment could not be created.");
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4" data-testid="experiment-form">
      <Card className="grid gap-3 sm:grid-cols-3">
        <Field label="Name" id="exp-name" error={errors.name}>
          <TextInput
            id="exp-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            invalid={Boolean(errors.name)}
          />
        </Field>
        <Field label="Scenario" id="exp-scenario">
          <Select
            id="exp-scenario"
            value={scenario}
            onChange={(e) => setScenario(e.target.value as "generated" | "sample")}
          >
            <option value="generated">Seeded generator</option>
            <option value="sample">Sample market (saved configuration)</option>
          </Select>
        </Field>
        <Field label="Seeds (paired: the same for every arm)" id="exp-seeds" error={errors.seeds}>
          <TextInput
            id="exp-seeds"
            type="number"
            value={Number.isNaN(seedCount) ? "" : seedCount}
            onChange={(e) => setSeedCount(num(e.target.value))}
            invalid={Boolean(errors.seeds)}
          />
        </Field>
        <Field label="First seed" id="exp-first-seed">
          <TextInput
            id="exp-first-seed"
            type="number"
            value={Number.isNaN(firstSeed) ? "" : firstSeed}
            onChange={(e) => setFirstSeed(num(e.target.value))}
          />
        </Field>
        <Field label="Max rounds" id="exp-rounds" error={errors.maxRounds}>
          <TextInput
            id="exp-rounds"
            type="number"
            value={Number.isNaN(maxRounds) ? "" : maxRounds}
            onChange={(e) => setMaxRounds(num(e.target.value))}
            invalid={Boolean(errors.maxRounds)}
          />
        </Field>
        <Field label="Episodes at once" id="exp-concurrency" error={errors.concurrency}>
          <TextInput
            id="exp-concurrency"
            type="number"
            value={Number.isNaN(concurrency) ? "" : concurrency}
            onChange={(e) => setConcurrency(num(e.target.value))}
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
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            invalid={Boolean(errors.budgetUsd)}
          />
        </Field>
        {scenario === "generated" &&
          (
            [
              ["items", "Items per market", 1],
              ["sellers", "Sellers", 1],
              ["rangeWidth", "Range width (share above the lowest floor)", 0.05],
              ["noOverlapShare", "Share of no-overlap control items", 0.05],
            ] as const
          ).map(([key, label, step]) => (
            <Field key={key} label={label} id={`exp-${key}`} error={errors[`scenario.${key}`]}>
              <TextInput
                id={`exp-${key}`}
                type="number"
                step={step}
                value={Number.isNaN(market[key]) ? "" : market[key]}
                onChange={(e) => setMarket((m) => ({ ...m, [key]: num(e.target.value) }))}
                invalid={Boolean(errors[`scenario.${key}`])}
              />
            </Field>
          ))}
      </Card>
      {arms.map((arm, i) => (
        <Card key={i} className="space-y-2" data-testid="arm">
          <div className="flex items-center justify-between">
            <h2 className="font-semibold">Arm {i + 1}</h2>
            <Button
              variant="ghost"
              onClick={() => setArms((list) => list.filter((_a, j) => j !== i))}
              disabled={arms.length <= 1}
              aria-label={`Remove arm ${i + 1}`}
            >
              <Trash2 aria-hidden className="size-4" />
            </Button>
          </div>
          <div className="grid gap-3 sm:grid-cols-4">
            <Field label="Label" id={`arm-${i}-label`} error={errors[`arms.${i}.label`]}>
              <TextInput
                id={`arm-${i}-label`}
                value={arm.label}
                onChange={(e) => setArm(i, { label: e.target.value })}
                invalid={Boolean(errors[`arms.${i}.label`])}
              />
            </Field>
            <Field label="Provider" id={`arm-${i}-provider`}>
              <Select
                id={`arm-${i}-provider`}
                value={arm.provider}
                onChange={(e) => setArm(i, { provider: e.target.value })}
              >
                {LLM_PROVIDERS.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </Select>
            </Field>
            <Field label="Model" id={`arm-${i}-model`} error={errors[`arms.${i}.model`]}>
              <TextInput
                id={`arm-${i}-model`}
                value={arm.model}
                onChange={(e) => setArm(i, { model: e.target.value })}
                invalid={Boolean(errors[`arms.${i}.model`])}
              />
            </Field>
            <Field
              label="Temperature"
              id={`arm-${i}-temperature`}
              error={errors[`arms.${i}.temperature`]}
            >
              <TextInput
                id={`arm-${i}-temperature`}
                type="number"
                step={0.1}
                value={Number.isNaN(arm.temperature) ? "" : arm.temperature}
                onChange={(e) => setArm(i, { temperature: num(e.target.value) })}
              />
            </Field>
            <Field label="Seller priority" id={`arm-${i}-priority`}>
              <Select
                id={`arm-${i}-priority`}
                value={arm.sellerPriority}
                onChange={(e) => setArm(i, { sellerPriority: e.target.value })}
              >
                <option value="">as in the market</option>
                {PRIORITIES.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </Select>
            </Field>
            <Field label="Seller style" id={`arm-${i}-style`}>
              <Select
                id={`arm-${i}-style`}
                value={arm.sellerStyle}
                onChange={(e) => setArm(i, { sellerStyle: e.target.value })}
              >
                <option value="">as in the market</option>
                {STYLES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </Select>
            </Field>
            <Field
              label="Buyer strategy"
              id={`arm-${i}-strategy`}
              error={errors[`arms.${i}.buyerStrategy`]}
            >
              <Select
                id={`arm-${i}-strategy`}
                data-testid={`arm-${i}-buyer-strategy`}
                value={arm.buyerStrategy}
                onChange={(e) => setArm(i, { buyerStrategy: e.target.value })}
              >
                <option value="">balanced (default)</option>
                {BUYER_STRATEGIES.filter((s) => s !== "balanced").map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </Select>
            </Field>
            {arm.provider !== "simulated" && (
              <>
                <Field
                  label="Base URL (optional)"
                  id={`arm-${i}-baseUrl`}
                  error={errors[`arms.${i}.baseUrl`]}
                >
                  <TextInput
                    id={`arm-${i}-baseUrl`}
                    value={arm.baseUrl}
                    onChange={(e) => setArm(i, { baseUrl: e.target.value })}
                  />
                </Field>
                <Field label="API key (optional)" id={`arm-${i}-apiKey`}>
                  <TextInput
                    id={`arm-${i}-apiKey`}
                    type="password"
                    autoComplete="off"
                    value={arm.apiKey}
                    onChange={(e) => setArm(i, { apiKey: e.target.value })}
                  />
                </Field>
              </>
            )}
          </div>
        </Card>
      ))}
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          onClick={() => setArms((list) => [...list, newArm(list.length + 1)])}
          disabled={arms.length >= 6}
          data-testid="add-arm"
        >
          <Plus aria-hidden className="size-4" /> Add arm
        </Button>
        <Button onClick={() => void submit()} disabled={busy} data-testid="run-experiment">
          <FlaskConical aria-hidden className="size-4" /> Run experiment
        </Button>
      </div>
      {message && (
        <p role="alert" className="text-sm text-red-700" data-testid="experiment-error">
          {message}
          {Object.entries(errors).map(([path, text]) => (
            <span key={path} className="block">
              {path}: {text}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
