import { z } from "zod";
import { apiRoute, readJson } from "@/lib/server/http/handler";
import { labFor } from "@/lib/db/lab-repository";
import { LLM_PROVIDERS } from "@/lib/domain/schemas";
import { priceTable } from "@/lib/experiments/prices";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

const perMTok = z
  .number({ error: "Must be a number" })
  .min(0, "Must be 0 or more")
  .max(10_000, "At most 10000");
const putSchema = z.object({
  prices: z
    .array(
      z.object({
        provider: z.enum(LLM_PROVIDERS, { error: `One of ${LLM_PROVIDERS.join(", ")}` }),
        model: z.string().trim().min(1, "Required (* for any model)").max(200),
        inputPerMTok: perMTok,
        outputPerMTok: perMTok,
      }),
    )
    .min(1, "At least one price")
    .max(200),
});

/** The price table in USD per million tokens: the edited rows over the built-in ones. */
export const GET = apiRoute("GET /api/prices", async () => {
  const { repo } = await getServices();
  return Response.json({ prices: priceTable(await labFor(repo).listPrices()) });
});

/** Adds or changes rows; costs of later calls use them. */
export const PUT = apiRoute("PUT /api/prices", async (request) => {
  const { prices } = await readJson(request, putSchema);
  const { repo } = await getServices();
  const lab = labFor(repo);
  await lab.setPrices(prices);
  return Response.json({ prices: priceTable(await lab.listPrices()) });
});
