import { testConnection } from "@/lib/ai/connection-test";
import { apiRoute, readJson } from "@/lib/server/http/handler";
import type { LlmSettings } from "@/lib/domain/schemas";
import { checkLlmSettings, serverDefaults } from "@/lib/security/provider-guard";
import { endpointPolicyFromEnv } from "@/lib/security/settings";
import { connectionTestSchema } from "./schema";

export const dynamic = "force-dynamic";

/**
 * "Test connection" in the LLM settings: one tiny call to the chosen provider and model.
 * Bad input is a 400 naming the field; an unreachable or refusing provider is the report
 * (200), in plain words, since finding that out is what the user asked for.
 */
export const POST = apiRoute("POST /api/llm/test-connection", async (request) => {
  const input = await readJson(request, connectionTestSchema);
  // The same endpoint policy as a run: an endpoint the operator does not allow is a 400 naming
  // llm.baseUrl, never a call (the server's key never goes there; no port-scan oracle).
  const policy = endpointPolicyFromEnv();
  const defaults = serverDefaults();
  checkLlmSettings(
    { ...input, temperature: 0, maxTokens: 64, maxRounds: 1 } as LlmSettings,
    policy,
    defaults,
  );
  const report = await testConnection(input, defaults, policy);
  return Response.json({ report });
});
