import type { RoomEconomics } from "@/lib/engine/economics";
import { money } from "@/components/ui/primitives";

const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${Math.round(value * 100)}%`;

/** One row per closed room: range, surplus split, money left on the table, rule checks. */
export function EconomicsSummary({ rows }: { rows: Array<RoomEconomics & { roomId: string }> }) {
  if (!rows.length) return <p className="text-sm text-slate-500">No room has closed yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="economics-table">
        <thead className="text-xs text-slate-500">
          <tr>
            {[
              "Item",
              "Range per unit",
              "Available surplus",
              "Result",
              "Buyer surplus",
              "Seller surplus (cost / floor)",
              "Buyer share",
              "Left on the table",
              "Rules",
            ].map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.roomId}
              className="border-t border-slate-200 dark:border-slate-800"
              data-testid="economics-row"
            >
              <td className="px-2 py-1">{r.item}</td>
              <td className="px-2 py-1">
                {r.range ? `${money(r.range.low)}–${money(r.range.high)}` : "none"}
              </td>
              <td className="px-2 py-1">{money(r.availableSurplus)}</td>
              <td className="px-2 py-1">
                {r.result === "no_deal" && r.correctNoDeal
                  ? "no deal (correct)"
                  : r.result.replace("_", " ")}
              </td>
              <td className="px-2 py-1">{r.deal ? money(r.deal.buyerSurplus) : "—"}</td>
              <td className="px-2 py-1">
                {r.deal
                  ? `${money(r.deal.sellerSurplusOverCost)} / ${money(r.deal.sellerSurplusOverFloor)}`
                  : "—"}
              </td>
              <td className="px-2 py-1" data-testid="economics-share">
                {pct(r.deal?.buyerShare)}
              </td>
              <td className="px-2 py-1">
                {r.deal?.moneyLeftOnTable != null ? money(r.deal.moneyLeftOnTable) : "—"}
              </td>
              <td className="px-2 py-1" data-testid="economics-violations">
                {r.violations.length ? r.violations.join(", ") : "held"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
