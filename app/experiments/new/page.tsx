import { ExperimentForm } from "@/components/experiments/experiment-form";

export const metadata = { title: "New experiment" };

export default function NewExperimentPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New experiment</h1>
      <ExperimentForm />
    </div>
  );
}
