import type { RoomUsage } from "@/lib/experiments/export-format";
import { Badge } from "@/components/ui/primitives";

const count = (n: number) => n.toLocaleString("en-US");

/** Model costs are often fractions of a cent: below a cent, four decimals instead of "$0.00". */
export function formatCost(usd: number): string {
  return usd > 0 && usd < 0.01
    ? `$${usd.toFixed(4)}`
    : usd.toLocaleString("en-US", { style: "currency", currency: "USD" });
}

/** The room's model usage (all agents, all calls) and its cost; tokens are estimated when the provider reported none. */
export function UsageLine({ usage }: { usage: RoomUsage }) {
  return (
    <p className="text-sm text-slate-500" data-testid="room-usage">
      <span data-testid="room-tokens">
        {count(usage.inputTokens + usage.outputTokens)} tokens ({count(usage.inputTokens)} in /{" "}
        {count(usage.outputTokens)} out, {count(usage.calls)} calls)
      </span>
      {usage.estimated && (
        <Badge
          tone="amber"
          className="ml-1"
          data-testid="room-tokens-estimated"
          title="The provider reported no token counts; these are estimated from the text"
        >
          estimated
        </Badge>
      )}
      {" · "}
      <span data-testid="room-cost">cost {formatCost(usage.costUsd)}</span>
    </p>
  );
}
