import { EpisodeForm } from "@/components/new-episode/episode-form";

export const metadata = { title: "New episode" };

export default function NewEpisodePage() {
  return <EpisodeForm />;
}
