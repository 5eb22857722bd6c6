import { apiRoute, readJson, type IdParams } from "@/lib/server/http/handler";
import { postMessageSchema } from "@/lib/domain/schemas";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

/** A person's note to the agents: stored now, seen by them from the next round. */
export const POST = apiRoute(
  "POST /api/rooms/[roomId]/messages",
  async (request, { params }: IdParams<"roomId">) => {
    const { roomId } = await params;
    const { text } = await readJson(request, postMessageSchema);
    const { runs } = await getServices();
    await runs.postMessage(roomId, text);
    return Response.json({ roomId, posted: true }, { status: 201 });
  },
);
