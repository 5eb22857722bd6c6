import { connection } from "next/server";
import { HomeScreen } from "@/components/home/home-screen";
import { listEpisodes } from "@/lib/server/read-models/queries";

export default async function HomePage() {
  await connection();
  return <HomeScreen episodes={await listEpisodes()} />;
}
