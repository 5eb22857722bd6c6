"use client";

import { Trash2 } from "lucide-react";
import { PRIORITIES, STYLES, type EpisodeConfigInput } from "@/lib/domain/schemas";
import { numberFromInput, type FieldErrors } from "@/lib/client/form-state";
import { Button, Card, Field, Select, TextInput } from "@/components/ui/primitives";

type Seller = EpisodeConfigInput["sellers"][number];
type Props = {
  seller: Seller;
  index: number;
  errors: FieldErrors;
  onChange: (path: string, value: unknown) => void;
  onRemove: () => void;
};

const LINE_FIELDS = [
  ["costPrice", "Cost"],
  ["leastPrice", "Least (floor)"],
  ["sellingPrice", "Selling (list)"],
  ["stock", "Stock"],
] as const;

export function SellerCard({ seller, index, errors, onChange, onRemove }: Props) {
  const base = `sellers.${index}`;
  const id = (path: string) => `${base}.${path}`.replaceAll(".", "-");
  return (
    <Card className="space-y-3" data-testid="seller-card">
      <div className="flex items-center justify-between">
        <h3 className="font-medium">Seller {index + 1}</h3>
        <Button variant="ghost" onClick={onRemove} aria-label={`Remove seller ${index + 1}`}>
          <Trash2 aria-hidden className="size-4" />
        </Button>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Name" id={id("name")} error={errors[`${base}.name`]}>
          <TextInput
            id={id("name")}
            value={seller.name}
            invalid={Boolean(errors[`${base}.name`])}
            onChange={(e) => onChange(`${base}.name`, e.target.value)}
          />
        </Field>
        <Field label="Priority" id={id("priority")} error={errors[`${base}.priority`]}>
          <Select
            id={id("priority")}
            value={seller.priority}
            onChange={(e) => onChange(`${base}.priority`, e.target.value)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p.replace("_", " ")}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Speaking style" id={id("style")} error={errors[`${base}.style`]}>
          <Select
            id={id("style")}
            value={seller.style}
            onChange={(e) => onChange(`${base}.style`, e.target.value)}
          >
            {STYLES.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-xs font-medium text-slate-700 dark:text-slate-300">
          Inventory
        </legend>
        {errors[`${base}.inventory`] && (
          <p className="text-xs text-red-700" role="alert">
            {errors[`${base}.inventory`]}
          </p>
        )}
        {seller.inventory.map((line, li) => {
          const lp = `${base}.inventory.${li}`;
          return (
            <div
              key={li}
              className="grid grid-cols-2 gap-2 sm:grid-cols-6"
              data-testid="inventory-line"
            >
              <div className="col-span-2">
                <Field
                  label="Item"
                  id={id(`inventory.${li}.itemName`)}
                  error={errors[`${lp}.itemName`]}
                >
                  <TextInput
                    id={id(`inventory.${li}.itemName`)}
                    value={line.itemName}
                    invalid={Boolean(errors[`${lp}.itemName`])}
                    onChange={(e) => onChange(`${lp}.itemName`, e.target.value)}
                  />
                </Field>
              </div>
              {LINE_FIELDS.map(([key, label]) => (
                <Field
                  key={key}
                  label={label}
                  id={id(`inventory.${li}.${key}`)}
                  error={errors[`${lp}.${key}`]}
                >
                  <TextInput
                    id={id(`inventory.${li}.${key}`)}
                    type="number"
                    min={0}
                    step={key === "stock" ? 1 : 0.01}
                    value={Number.isNaN(line[key]) ? "" : line[key]}
                    invalid={Boolean(errors[`${lp}.${key}`])}
                    onChange={(e) => onChange(`${lp}.${key}`, numberFromInput(e.target.value))}
                  />
                </Field>
              ))}
            </div>
          );
        })}
        <div className="flex gap-2">
          <Button
            variant="secondary"
            onClick={() =>
              onChange(`${base}.inventory`, [
                ...seller.inventory,
                { itemName: "", costPrice: 0, leastPrice: 0, sellingPrice: 0, stock: 1 },
              ])
            }
          >
            Add line
          </Button>
          {seller.inventory.length > 1 && (
            <Button
              variant="ghost"
              onClick={() => onChange(`${base}.inventory`, seller.inventory.slice(0, -1))}
            >
              Remove last line
            </Button>
          )}
        </div>
      </fieldset>
    </Card>
  );
}
