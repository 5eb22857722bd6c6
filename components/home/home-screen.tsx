import Link from "next/link";
import { Plus } from "lucide-react";
import { Card, StatusBadge } from "@/components/ui/primitives";
import type { listEpisodes } from "@/lib/server/read-models/queries";

type EpisodeRows = Awaited<ReturnType<typeof listEpisodes>>;

/** The home page: what MAMS does, a way in, and the past episodes. */
export function HomeScreen({ episodes }: { episodes: EpisodeRows }) {
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Multi-Agent Marketplace Simulator</h1>
        <p className="max-w-2xl text-slate-600 dark:text-slate-300">
          A buyer AI agent works through a shopping list and haggles with up to ten seller agents,
          each with hidden costs and a secret price floor. Every negotiation room streams live:
          watch the offers, step in, and review what was bought and why.
        </p>
        <Link
          href="/episodes/new"
          data-testid="new-episode"
          className="inline-flex items-center gap-1.5 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          <Plus aria-hidden className="size-4" /> New episode
        </Link>
      </section>
      <section aria-labelledby="past" className="space-y-3">
        <h2 id="past" className="text-lg font-semibold">
          Past episodes
        </h2>
        {episodes.length === 0 ? (
          <p className="text-sm text-slate-500">
            No episodes yet. Start one with the sample data in a click.
          </p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2" data-testid="episode-list">
            {episodes.map((episode) => {
              const status = episode.counts.running
                ? "running"
                : episode.counts.completed + episode.counts.noSellers === episode.counts.total
                  ? "completed"
                  : "planned";
              return (
                <li key={episode.id}>
                  <Card className="space-y-2">
                    <div className="flex items-center justify-between gap-2">
                      <Link
                        href={`/episodes/${episode.id}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-50"
                      >
                        {episode.buyerName}&apos;s list · {episode.rooms.length} item
                        {episode.rooms.length === 1 ? "" : "s"}
                      </Link>
                      <StatusBadge status={status} />
                    </div>
                    <p className="text-xs text-slate-500">
                      {new Date(episode.createdAt).toLocaleString("en-US")} · {episode.counts.deals}{" "}
                      bought · {episode.config.llm.provider} / {episode.config.llm.model}
                    </p>
                  </Card>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
