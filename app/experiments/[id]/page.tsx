import { connection } from "next/server";
import { ExperimentResults } from "@/components/experiments/experiment-results";
import { loadExperiment } from "@/lib/server/read-models/experiment-queries";

export const metadata = { title: "Experiment" };

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  return <ExperimentResults initial={await loadExperiment(id)} />;
}
