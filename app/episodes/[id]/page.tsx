import { connection } from "next/server";
import { EpisodeDashboard } from "@/components/episode/episode-dashboard";
import { loadEpisode } from "@/lib/server/queries";

export const metadata = { title: "Episode" };

export default async function EpisodePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  return <EpisodeDashboard initial={await loadEpisode(id)} />;
}
