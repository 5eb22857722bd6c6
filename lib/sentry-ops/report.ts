import { formatValue } from "./diff";
import { explainError, type Plan } from "./plan";

export type Outcome = { label: string; ok: boolean; message: string };

const SYMBOL = { create: "+", update: "~", unchanged: " " } as const;

/** The plan as a person reads it: notes, then each object that would change with its fields, then failures. */
export function formatPlan(plan: Plan): string[] {
  const lines = plan.notes.map((note) => `- ${note}`);
  for (const change of plan.changes) {
    if (change.action === "unchanged") continue;
    lines.push(`${SYMBOL[change.action]} ${change.action} ${change.label}`);
    for (const field of change.fields) {
      lines.push(
        change.action === "create"
          ? `    ${field.path}: ${formatValue(field.to)}`
          : `    ${field.path}: ${formatValue(field.from)} → ${formatValue(field.to)}`,
      );
    }
  }
  for (const failure of plan.failures) lines.push(`✗ ${failure.label}: ${failure.message}`);
  const count = (action: string) =>
    plan.changes.filter((change) => change.action === action).length;
  const pending = count("create") + count("update");
  if (!pending && !plan.failures.length)
    lines.push(
      `No changes: Sentry matches lib/sentry-ops (${plan.changes.length} objects checked).`,
    );
  else
    lines.push(
      `Plan: ${count("create")} to create, ${count("update")} to update, ${count("unchanged")} unchanged, ${plan.failures.length} failed to read.`,
    );
  return lines;
}

/** Runs every pending change, one after the other, and reports each object's outcome. */
export async function applyPlan(plan: Plan, org: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = plan.failures.map((failure) => ({
    label: failure.label,
    ok: false,
    message: failure.message,
  }));
  for (const change of plan.changes) {
    if (change.action === "unchanged") continue;
    try {
      await change.run();
      outcomes.push({
        label: change.label,
        ok: true,
        message:
          change.action === "create"
            ? "created"
            : `updated (${change.fields.map((field) => field.path).join(", ")})`,
      });
    } catch (error) {
      outcomes.push({ label: change.label, ok: false, message: explainError(error, org) });
    }
  }
  return outcomes;
}

export function formatOutcomes(plan: Plan, outcomes: Outcome[]): string[] {
  const lines = plan.notes.map((note) => `- ${note}`);
  for (const outcome of outcomes)
    lines.push(`${outcome.ok ? "✓" : "✗"} ${outcome.label}: ${outcome.message}`);
  const failed = outcomes.filter((outcome) => !outcome.ok).length;
  if (!outcomes.length)
    lines.push(
      `No changes: Sentry matches lib/sentry-ops (${plan.changes.length} objects checked).`,
    );
  else {
    const unchanged = plan.changes.filter((change) => change.action === "unchanged").length;
    lines.push(
      `Apply: ${outcomes.length - failed} changed, ${unchanged} already up to date, ${failed} failed${failed ? " (see ✗ lines; what succeeded stays applied)" : ""}.`,
    );
  }
  return lines;
}
