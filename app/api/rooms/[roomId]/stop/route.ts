import { apiRoute, type IdParams } from "@/lib/server/http/handler";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/rooms/[roomId]/stop",
  async (_request, { params }: IdParams<"roomId">) => {
    const { roomId } = await params;
    const { runs } = await getServices();
    await runs.stop(roomId);
    return Response.json({ roomId, stopped: true });
  },
);
