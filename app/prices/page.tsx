import { connection } from "next/server";
import { PriceTable } from "@/components/experiments/price-table";
import { loadPrices } from "@/lib/server/read-models/experiment-queries";

export const metadata = { title: "Prices" };

export default async function PricesPage() {
  await connection();
  const prices = await loadPrices();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Model prices</h1>
      <p className="max-w-2xl text-sm text-slate-600 dark:text-slate-300">
        The cost of each call is its tokens (from the provider, or estimated and marked so) times
        these prices. A model row wins over its provider&apos;s <code>*</code> row. Budgets of
        episodes and experiments are checked against these costs.
      </p>
      <PriceTable initial={prices} />
    </div>
  );
}
