import { apiRoute, readJson, type IdParams } from "@/lib/server/http/handler";
import { forceDecisionSchema } from "@/lib/domain/schemas";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

/** Force a decision: accept a current offer, or end without a deal. */
export const POST = apiRoute(
  "POST /api/rooms/[roomId]/decision",
  async (request, { params }: IdParams<"roomId">) => {
    const { roomId } = await params;
    const decision = await readJson(request, forceDecisionSchema);
    const { runs } = await getServices();
    await runs.forceDecision(roomId, decision);
    return Response.json({ roomId, decided: true });
  },
);
