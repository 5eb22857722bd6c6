import * as Sentry from "@sentry/nextjs";
import { shuttingDown } from "@/lib/server/shutting-down";
import { isDraining } from "@/lib/server/lifecycle";
import { apiRoute, readJson, type IdParams } from "@/lib/server/http/handler";
import { startRoomSchema } from "@/lib/domain/schemas";
import { getServices } from "@/lib/server/composition";

export const dynamic = "force-dynamic";

/** Starts (idempotently), resumes or restarts a room's run; the run continues this request's trace. */
export const POST = apiRoute(
  "POST /api/rooms/[roomId]/start",
  async (request, { params }: IdParams<"roomId">) => {
    const { roomId } = await params;
    // Answered, not reported: a deploy in progress is no error. The client retries after Retry-After.
    if (isDraining()) return shuttingDown();
    const { mode } = await readJson(request, startRoomSchema);
    const { runs } = await getServices();
    const result = await runs.start(roomId, mode, Sentry.getTraceData());
    return Response.json(
      { roomId, running: true, alreadyRunning: result.alreadyRunning, queued: result.queued },
      { status: result.alreadyRunning ? 200 : 202 },
    );
  },
);
