import { connection } from "next/server";
import { ExperimentList } from "@/components/experiments/experiment-list";
import { listExperiments } from "@/lib/server/read-models/experiment-queries";

export const metadata = { title: "Experiments" };

export default async function ExperimentsPage() {
  await connection();
  return <ExperimentList experiments={await listExperiments()} />;
}
