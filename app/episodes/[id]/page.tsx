import { connection } from "next/server";
import { EpisodeDashboard } from "@/components/episode/episode-dashboard";
import { loadEpisode, loadReadOnly } from "@/lib/server/read-models/queries";

export const metadata = { title: "Episode" };

export default async function EpisodePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const [episode, readOnly] = await Promise.all([loadEpisode(id), loadReadOnly(id)]);
  return <EpisodeDashboard initial={episode} readOnly={readOnly} />;
}
