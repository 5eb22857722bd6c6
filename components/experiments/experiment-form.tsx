"use client";

import { FlaskConical, Plus } from "lucide-react";
import { Button } from "@/components/ui/primitives";
import { ArmCard } from "./arm-card";
import { ExperimentSettings } from "./experiment-settings";
import { MAX_ARMS, useExperimentForm } from "./use-experiment-form";

/** Arms × a scenario × N paired seeds; the server validates the same spec and names each bad field. */
export function ExperimentForm() {
  const form = useExperimentForm();
  const { arms, errors, message } = form;
  return (
    <div className="space-y-4" data-testid="experiment-form">
      <ExperimentSettings
        settings={form.settings}
        errors={errors}
        onChange={form.setSetting}
        onMarketChange={form.setMarket}
      />
      {arms.map((arm, i) => (
        <ArmCard
          key={i}
          arm={arm}
          index={i}
          errors={errors}
          canRemove={arms.length > 1}
          onChange={(patch) => form.setArm(i, patch)}
          onRemove={() => form.removeArm(i)}
        />
      ))}
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          onClick={form.addArm}
          disabled={arms.length >= MAX_ARMS}
          data-testid="add-arm"
        >
          <Plus aria-hidden className="size-4" /> Add arm
        </Button>
        <Button
          onClick={() => void form.submit()}
          disabled={form.busy}
          data-testid="run-experiment"
        >
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
