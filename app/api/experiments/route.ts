import { z } from "zod";
import { apiRoute, fieldErrors, readJson } from "@/lib/server/http/handler";
import { labFor } from "@/lib/db/lab-repository";
import { AppError } from "@/lib/errors/app-error";
import { experimentRunnerFor } from "@/lib/experiments/runner";
import { experimentSpecSchema, specIssues } from "@/lib/experiments/spec";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

const listQuery = z.object({
  limit: z.coerce.number().int().min(1, "At least 1").max(200, "At most 200").default(50),
});

export const GET = apiRoute("GET /api/experiments", async (request) => {
  const parsed = listQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    throw new AppError("VALIDATION_ERROR", "The query is invalid", {
      details: fieldErrors(parsed.error.issues),
    });
  const { repo } = await getServices();
  const rows = await labFor(repo).listExperiments(parsed.data.limit);
  return Response.json({ experiments: rows.map(({ spec: _spec, ...row }) => row) });
});

/** Creates the experiment (arms × seeds, paired) and starts it in the background. */
export const POST = apiRoute("POST /api/experiments", async (request) => {
  const spec = await readJson(request, experimentSpecSchema, specIssues);
  const issues = specIssues(spec);
  if (issues.length)
    throw new AppError("VALIDATION_ERROR", "The request body is invalid", {
      details: fieldErrors(issues),
    });
  const services = await getServices();
  const experiment = await experimentRunnerFor(services).create(spec);
  return Response.json(
    { experiment: { id: experiment.id, name: experiment.name, status: experiment.status } },
    { status: 201 },
  );
});
