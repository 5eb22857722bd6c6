"use client";

import { Trash2 } from "lucide-react";
import { BUYER_STRATEGIES, type EpisodeConfigInput } from "@/lib/domain/schemas";
import { numberFromInput, type FieldErrors } from "@/lib/client/form-state";
import { Button, Card, Field, Select, TextInput } from "@/components/ui/primitives";

type Props = {
  buyer: EpisodeConfigInput["buyer"];
  errors: FieldErrors;
  onChange: (path: string, value: unknown) => void;
};
const ITEM_FIELDS = [
  ["quantity", "Quantity", 1],
  ["minPrice", "Min price / unit", 0.01],
  ["maxPrice", "Max price / unit", 0.01],
] as const;

export function BuyerSection({ buyer, errors, onChange }: Props) {
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">Buyer</h2>
      <Field label="Buyer name" id="buyer-name" error={errors["buyer.name"]}>
        <TextInput
          id="buyer-name"
          value={buyer.name}
          invalid={Boolean(errors["buyer.name"])}
          onChange={(e) => onChange("buyer.name", e.target.value)}
        />
      </Field>
      <Field label="Strategy" id="buyer-strategy" error={errors["buyer.strategy"]}>
        <Select
          id="buyer-strategy"
          data-testid="buyer-strategy"
          value={buyer.strategy ?? "balanced"}
          invalid={Boolean(errors["buyer.strategy"])}
          onChange={(e) =>
            onChange("buyer.strategy", e.target.value === "balanced" ? undefined : e.target.value)
          }
        >
          {BUYER_STRATEGIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </Select>
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Shopping list</legend>
        {errors["buyer.items"] && (
          <p role="alert" className="text-xs text-red-700" data-testid="field-error">
            {errors["buyer.items"]}
          </p>
        )}
        {buyer.items.map((item, index) => {
          const base = `buyer.items.${index}`;
          const id = (key: string) => `buyer-items-${index}-${key}`;
          return (
            <div
              key={index}
              className="grid grid-cols-2 items-end gap-2 sm:grid-cols-[2fr_1fr_1fr_1fr_auto]"
              data-testid="list-item"
            >
              <div className="col-span-2 sm:col-span-1">
                <Field label="Item" id={id("name")} error={errors[`${base}.name`]}>
                  <TextInput
                    id={id("name")}
                    value={item.name}
                    invalid={Boolean(errors[`${base}.name`])}
                    onChange={(e) => onChange(`${base}.name`, e.target.value)}
                  />
                </Field>
              </div>
              {ITEM_FIELDS.map(([key, label, step]) => (
                <Field key={key} label={label} id={id(key)} error={errors[`${base}.${key}`]}>
                  <TextInput
                    id={id(key)}
                    type="number"
                    min={0}
                    step={step}
                    value={Number.isNaN(item[key]) ? "" : item[key]}
                    invalid={Boolean(errors[`${base}.${key}`])}
                    onChange={(e) => onChange(`${base}.${key}`, numberFromInput(e.target.value))}
                  />
                </Field>
              ))}
              <Button
                variant="ghost"
                aria-label={`Remove item ${index + 1}`}
                disabled={buyer.items.length === 1}
                onClick={() =>
                  onChange(
                    "buyer.items",
                    buyer.items.filter((_, i) => i !== index),
                  )
                }
              >
                <Trash2 aria-hidden className="size-4" />
              </Button>
            </div>
          );
        })}
        <Button
          variant="secondary"
          disabled={buyer.items.length >= 10}
          onClick={() =>
            onChange("buyer.items", [
              ...buyer.items,
              { name: "", quantity: 1, minPrice: 0, maxPrice: 1 },
            ])
          }
        >
          Add item
        </Button>
      </fieldset>
    </Card>
  );
}
