import { EpisodeForm } from "@/components/configure/episode-form";

export const metadata = { title: "New episode" };

export default function NewEpisodePage() {
  return <EpisodeForm />;
}
