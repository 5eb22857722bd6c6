import { testConnection } from "@/lib/ai/connection-test";
import { apiRoute, readJson } from "@/lib/api/handler";
import { env } from "@/lib/env.mjs";
import { connectionTestSchema } from "./schema";

export const dynamic = "force-dynamic";

/**
 * "Test connection" in the LLM settings: one tiny call to the chosen provider and model.
 * Bad input is a 400 naming the field; an unreachable or refusing provider is the report
 * (200), in plain words, since finding that out is what the user asked for.
 */
export const POST = apiRoute("POST /api/llm/test-connection", async (request) => {
  const input = await readJson(request, connectionTestSchema);
  const report = await testConnection(input, { apiKey: env.LLM_API_KEY, baseUrl: env.LLM_BASE_URL });
  return Response.json({ report });
});
