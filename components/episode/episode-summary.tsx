import Link from "next/link";
import { Card, money } from "@/components/ui/primitives";
import { EconomicsSummary } from "@/components/episode/economics-summary";
import type { loadSummary } from "@/lib/server/read-models/queries";

export type EpisodeSummaryData = Awaited<ReturnType<typeof loadSummary>>;

/** An episode's outcome: totals, purchases, economics per room and what was not bought. */
export function EpisodeSummary({ episode, summary, economics, usage }: EpisodeSummaryData) {
  const { totals } = summary;
  return (
    <div className="space-y-6" data-testid="summary">
      <nav className="text-sm">
        <Link
          href={`/episodes/${episode.id}`}
          className="text-brand-700 underline dark:text-brand-50"
        >
          ← {episode.buyerName}&apos;s list
        </Link>
      </nav>
      <h1 className="text-2xl font-semibold">Summary</h1>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        {[
          ["Spent", money(totals.spent), "total-spent"],
          ["Saved vs list price", money(totals.savings), "total-savings"],
          ["Bought", `${totals.bought} of ${totals.items}`, "total-bought"],
          ["Success rate", `${Math.round(totals.successRate * 100)}%`, "success-rate"],
          ["Average rounds", String(totals.averageRounds), "average-rounds"],
          [
            "Average duration",
            `${(totals.averageDurationMs / 1000).toFixed(1)} s`,
            "average-duration",
          ],
          [
            "Tokens (in / out)",
            `${usage.inputTokens} / ${usage.outputTokens}${usage.estimated ? " (estimated)" : ""}`,
            "total-tokens",
          ],
          ["Model cost", `$${usage.costUsd.toFixed(4)}`, "total-cost"],
        ].map(([label, value, testId]) => (
          <Card key={label} className="py-3">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-xl font-semibold" data-testid={testId}>
              {value}
            </dd>
          </Card>
        ))}
      </dl>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Purchases</h2>
        {summary.purchases.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing bought.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="purchases">
              <thead className="text-xs text-slate-500">
                <tr>
                  {[
                    "Item",
                    "Seller",
                    "Price",
                    "Quantity",
                    "Total",
                    "List price",
                    "Saved",
                    "Rounds",
                  ].map((h) => (
                    <th key={h} scope="col" className="px-2 py-1 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {summary.purchases.map((p) => (
                  <tr
                    key={p.roomId}
                    className="border-t border-slate-200 dark:border-slate-800"
                    data-testid="purchase-row"
                  >
                    <td className="px-2 py-1">{p.item}</td>
                    <td className="px-2 py-1">{p.seller}</td>
                    <td className="px-2 py-1">{money(p.price)}</td>
                    <td className="px-2 py-1">{p.quantity}</td>
                    <td className="px-2 py-1" data-testid="purchase-total">
                      {money(p.total)}
                    </td>
                    <td className="px-2 py-1">{money(p.listPrice)}</td>
                    <td className="px-2 py-1">{money(p.savings)}</td>
                    <td className="px-2 py-1">{p.rounds}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Economics per room</h2>
        <EconomicsSummary rows={economics} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Not bought</h2>
        {summary.failed.length === 0 ? (
          <p className="text-sm text-slate-500">Everything on the list was bought.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="failed-items">
            {summary.failed.map((f) => (
              <li key={f.roomId}>
                <strong>{f.item}</strong> — {f.reason}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
