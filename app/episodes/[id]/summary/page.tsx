import { connection } from "next/server";
import { EpisodeSummary } from "@/components/episode/episode-summary";
import { loadSummary } from "@/lib/server/read-models/queries";

export const metadata = { title: "Summary" };

export default async function SummaryPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  return <EpisodeSummary {...(await loadSummary(id))} />;
}
