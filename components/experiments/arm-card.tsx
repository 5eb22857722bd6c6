"use client";

import { Trash2 } from "lucide-react";
import { BUYER_STRATEGIES, LLM_PROVIDERS, PRIORITIES, STYLES } from "@/lib/domain/schemas";
import { Button, Card, Field, Select, TextInput } from "@/components/ui/primitives";
import { numberFieldValue, parseNumberField, type ArmDraft } from "./experiment-draft";

type Props = {
  arm: ArmDraft;
  index: number;
  errors: Record<string, string>;
  canRemove: boolean;
  onChange: (patch: Partial<ArmDraft>) => void;
  onRemove: () => void;
};

/** One arm: the setting under test. Field ids and error paths are index-based ("arms.0.label"). */
export function ArmCard({ arm, index: i, errors, canRemove, onChange, onRemove }: Props) {
  return (
    <Card className="space-y-2" data-testid="arm">
      <div className="flex items-center justify-between">
        <h2 className="font-semibold">Arm {i + 1}</h2>
        <Button
          variant="ghost"
          onClick={onRemove}
          disabled={!canRemove}
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
            onChange={(e) => onChange({ label: e.target.value })}
            invalid={Boolean(errors[`arms.${i}.label`])}
          />
        </Field>
        <Field label="Provider" id={`arm-${i}-provider`}>
          <Select
            id={`arm-${i}-provider`}
            value={arm.provider}
            onChange={(e) => onChange({ provider: e.target.value })}
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
            onChange={(e) => onChange({ model: e.target.value })}
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
            value={numberFieldValue(arm.temperature)}
            onChange={(e) => onChange({ temperature: parseNumberField(e.target.value) })}
          />
        </Field>
        <Field label="Seller priority" id={`arm-${i}-priority`}>
          <Select
            id={`arm-${i}-priority`}
            value={arm.sellerPriority}
            onChange={(e) => onChange({ sellerPriority: e.target.value })}
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
            onChange={(e) => onChange({ sellerStyle: e.target.value })}
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
            onChange={(e) => onChange({ buyerStrategy: e.target.value })}
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
                onChange={(e) => onChange({ baseUrl: e.target.value })}
              />
            </Field>
            <Field label="API key (optional)" id={`arm-${i}-apiKey`}>
              <TextInput
                id={`arm-${i}-apiKey`}
                type="password"
                autoComplete="off"
                value={arm.apiKey}
                onChange={(e) => onChange({ apiKey: e.target.value })}
              />
            </Field>
          </>
        )}
      </div>
    </Card>
  );
}
