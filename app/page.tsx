export default function HomePage() {
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Multi-Agent Marketplace Simulator</h1>
        <p className="max-w-2xl text-slate-600 dark:text-slate-300">
          A buyer AI agent works through a shopping list and haggles with up to ten seller agents, each with hidden
          costs and a secret price floor. Every negotiation room streams live: watch the offers, step in, and review
          what was bought and why.
        </p>
      </section>
      <section aria-labelledby="how" className="grid gap-4 sm:grid-cols-3">
        <h2 id="how" className="sr-only">
          How it works
        </h2>
        {[
          ["Configure", "A buyer with a budget per item, sellers with inventory, style and priority."],
          ["Negotiate", "One room per item; the agents talk in rounds until a deal, a walk-away or the round limit."],
          ["Review", "Purchases, failed items, savings against list prices, rounds and durations."],
        ].map(([title, text]) => (
          <div key={title} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h3 className="font-semibold">{title}</h3>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{text}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
