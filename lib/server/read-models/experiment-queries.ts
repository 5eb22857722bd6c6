import "server-only";
import { notFound } from "next/navigation";
import { labFor } from "@/lib/db/lab-repository";
import { experimentView } from "@/lib/experiments/experiment-service";
import { getServices } from "@/lib/server/composition";

export async function listExperiments() {
  const { repo } = await getServices();
  return (await labFor(repo).listExperiments()).map(({ spec: _spec, ...row }) => row);
}

export async function loadExperiment(id: string) {
  const { repo } = await getServices();
  if (!(await labFor(repo).getExperiment(id))) notFound();
  return experimentView(repo, id);
}
