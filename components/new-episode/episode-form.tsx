"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Sparkles } from "lucide-react";
import { apiFetch, userStep } from "@/lib/client/api";
import { setIn, toFieldErrors, validate, type FieldErrors } from "@/lib/client/form-state";
import { sampleEpisodeConfig } from "@/lib/domain/sample-data";
import {
  crossFieldIssues,
  episodeConfigSchema,
  type EpisodeConfigInput,
} from "@/lib/domain/schemas";
import { isAppError } from "@/lib/errors/app-error";
import type { EpisodeView } from "@/lib/server/read-models/views";
import { Button } from "@/components/ui/primitives";
import { BuyerSection } from "./buyer-section";
import { LlmSection } from "./llm-section";
import { SellerCard } from "./seller-card";

const EMPTY: EpisodeConfigInput = {
  buyer: { name: "", items: [{ name: "", quantity: 1, minPrice: 0, maxPrice: 1 }] },
  sellers: [
    {
      name: "",
      priority: "customer_retention",
      style: "neutral",
      inventory: [{ itemName: "", costPrice: 0, leastPrice: 0, sellingPrice: 0, stock: 1 }],
    },
  ],
  llm: {
    provider: "simulated",
    model: "mams-sim-1",
    temperature: 0.7,
    maxTokens: 512,
    maxRounds: 6,
  },
};

export function EpisodeForm() {
  const router = useRouter();
  const [config, setConfig] = useState<EpisodeConfigInput>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();

  const change = (path: string, value: unknown) => {
    setConfig((current) => setIn(current, path, value));
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith(path))),
    );
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const { data, errors: found } = validate(episodeConfigSchema, config, crossFieldIssues);
    setErrors(found);
    if (!data) {
      setFormError(
        `Please fix ${Object.keys(found).length} field${Object.keys(found).length === 1 ? "" : "s"} before starting.`,
      );
      return;
    }
    setSubmitting(true);
    try {
      const { episode } = await apiFetch<{ episode: EpisodeView }>("/api/episodes", {
        method: "POST",
        json: data,
      });
      userStep("episode created", { episodeId: episode.id, items: episode.rooms.length });
      router.push(`/episodes/${episode.id}`);
    } catch (error) {
      if (isAppError(error) && error.code === "VALIDATION_ERROR" && Array.isArray(error.details))
        setErrors(toFieldErrors(error.details as { path: string; message: string }[]));
      setFormError(isAppError(error) ? error.message : "The episode could not be created.");
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-6" data-testid="episode-form">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">New episode</h1>
        <Button
          variant="secondary"
          data-testid="use-sample"
          onClick={() => (setConfig(structuredClone(sampleEpisodeConfig)), setErrors({}))}
        >
          <Sparkles aria-hidden className="size-4" /> Use sample data
        </Button>
      </div>
      <BuyerSection buyer={config.buyer} errors={errors} onChange={change} />
      <section aria-labelledby="sellers-heading" className="space-y-3">
        <div className="flex items-center justify-between">
          <h2 id="sellers-heading" className="text-lg font-semibold">
            Sellers{" "}
            <span className="text-sm font-normal text-slate-500">
              ({config.sellers.length} of at most 10)
            </span>
          </h2>
          <Button
            variant="secondary"
            data-testid="add-seller"
            onClick={() =>
              change("sellers", [
                ...config.sellers,
                {
                  name: "",
                  priority: "customer_retention",
                  style: "neutral",
                  inventory: [
                    { itemName: "", costPrice: 0, leastPrice: 0, sellingPrice: 0, stock: 1 },
                  ],
                },
              ])
            }
          >
            Add seller
          </Button>
        </div>
        {errors.sellers && (
          <p role="alert" className="text-sm text-red-700" data-testid="field-error">
            {errors.sellers}
          </p>
        )}
        <div className="grid gap-3 lg:grid-cols-2">
          {config.sellers.map((seller, index) => (
            <SellerCard
              key={index}
              seller={seller}
              index={index}
              errors={errors}
              onChange={change}
              onRemove={() =>
                change(
                  "sellers",
                  config.sellers.filter((_, i) => i !== index),
                )
              }
            />
          ))}
        </div>
      </section>
      <LlmSection llm={config.llm} errors={errors} onChange={change} />
      {formError && (
        <p role="alert" className="text-sm font-medium text-red-700" data-testid="form-error">
          {formError}
        </p>
      )}
      <Button type="submit" disabled={submitting} data-testid="create-episode">
        {submitting ? "Creating…" : "Create episode"}
      </Button>
    </form>
  );
}
