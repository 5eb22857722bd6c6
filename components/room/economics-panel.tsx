import type { RoomEconomics } from "@/lib/engine/economics";
import { Badge, Card, money } from "@/components/ui/primitives";

const pct = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);
const VIOLATION: Record<RoomEconomics["violations"][number], string> = {
  deal_above_buyer_max: "deal above the buyer's maximum",
  deal_below_floor: "deal below the seller's floor",
  deal_without_range: "deal although no bargaining range existed",
};

/** The hidden values and what they say about the outcome; shown to people once the room has closed. */
export function EconomicsPanel({ economics }: { economics: RoomEconomics }) {
  const { range, deal } = economics;
  const rows: Array<[string, string, string]> = [
    [
      "Bargaining range",
      range
        ? `${money(range.low)}–${money(range.high)} per unit (${range.bestSeller})`
        : "none: no deal was possible",
      "econ-range",
    ],
    ["Available surplus", money(economics.availableSurplus), "econ-available"],
  ];
  if (deal) {
    rows.push(
      ["Buyer surplus", money(deal.buyerSurplus), "econ-buyer-surplus"],
      [
        "Seller surplus over cost / floor",
        `${money(deal.sellerSurplusOverCost)} / ${money(deal.sellerSurplusOverFloor)}`,
        "econ-seller-surplus",
      ],
      ["Buyer's share of the surplus", pct(deal.buyerShare), "econ-buyer-share"],
      [
        "Money left on the table",
        deal.moneyLeftOnTable === null ? "—" : money(deal.moneyLeftOnTable),
        "econ-left-on-table",
      ],
      ["Saved against list price", money(deal.savingsAgainstList), "econ-savings"],
    );
  } else if (economics.result === "no_deal") {
    rows.push([
      "No deal",
      economics.correctNoDeal ? "correct: no range existed" : "a deal was possible",
      "econ-no-deal",
    ]);
  }
  return (
    <Card data-testid="economics">
      <h2 className="mb-2 font-semibold">Economics (hidden values revealed)</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, value, testId]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-sm" data-testid="econ-violations">
        {economics.violations.length === 0 ? (
          <Badge tone="green">rules held</Badge>
        ) : (
          economics.violations.map((v) => (
            <Badge key={v} tone="red" className="mr-1">
              {VIOLATION[v]}
            </Badge>
          ))
        )}
      </p>
      <table className="mt-3 w-full text-left text-xs" data-testid="econ-sellers">
        <thead className="text-slate-500">
          <tr>
            {[
              "Seller",
              "Cost",
              "Floor",
              "List",
              "Stock",
              "Feasible",
              "Concession by round (0 = list, 1 = floor)",
            ].map((h) => (
              <th key={h} scope="col" className="px-1 py-0.5 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {economics.sellers.map((s) => (
            <tr key={s.seller} className="border-t border-slate-200 dark:border-slate-800">
              <td className="px-1 py-0.5">{s.seller}</td>
              <td className="px-1 py-0.5">{money(s.cost)}</td>
              <td className="px-1 py-0.5">{money(s.floor)}</td>
              <td className="px-1 py-0.5">{money(s.listPrice)}</td>
              <td className="px-1 py-0.5">{s.stock}</td>
              <td className="px-1 py-0.5">{s.feasible ? "yes" : "no"}</td>
              <td className="px-1 py-0.5" data-testid="econ-concessions">
                {s.concessions
                  .map(
                    (c) => `r${c.round}: ${c.concession === null ? "—" : c.concession.toFixed(2)}`,
                  )
                  .join(" · ") || "no offers"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
