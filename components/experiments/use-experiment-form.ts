import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { isAppError } from "@/lib/errors/app-error";
import {
  experimentRequestBody,
  INITIAL_SETTINGS,
  newArm,
  type ArmDraft,
  type MarketDraft,
  type SettingsDraft,
} from "./experiment-draft";

export const MAX_ARMS = 6;

/** The builder's state and its submit: the server's field errors come back keyed by path ("arms.0.label"). */
export function useExperimentForm() {
  const router = useRouter();
  const [settings, setSettings] = useState<SettingsDraft>(INITIAL_SETTINGS);
  const [arms, setArms] = useState<ArmDraft[]>([newArm(1), newArm(2)]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  const setSetting = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) =>
    setSettings((s) => ({ ...s, [key]: value }));
  const setMarket = (key: keyof MarketDraft, value: number) =>
    setSettings((s) => ({ ...s, market: { ...s.market, [key]: value } }));
  const setArm = (i: number, patch: Partial<ArmDraft>) =>
    setArms((list) => list.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const addArm = () => setArms((list) => [...list, newArm(list.length + 1)]);
  const removeArm = (i: number) => setArms((list) => list.filter((_a, j) => j !== i));

  const submit = async () => {
    setBusy(true);
    setErrors({});
    setMessage(undefined);
    try {
      const { experiment } = await apiFetch<{ experiment: { id: string } }>("/api/experiments", {
        method: "POST",
        json: experimentRequestBody(settings, arms),
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

  return {
    settings,
    arms,
    errors,
    message,
    busy,
    setSetting,
    setMarket,
    setArm,
    addArm,
    removeArm,
    submit,
  };
}
