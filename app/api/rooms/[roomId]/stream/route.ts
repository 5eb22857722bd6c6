import { shuttingDown } from "@/lib/server/shutting-down";
import { isDraining } from "@/lib/server/lifecycle";
import { apiRoute, type IdParams } from "@/lib/server/http/handler";
import { getServices } from "@/lib/server/composition";
import { parseLastEventId, roomEventStream } from "@/lib/runs/sse";
import { SseSlots, sseSlots } from "@/lib/runs/sse-limits";
import { clientKey } from "@/lib/security/access";
import { limitsFromEnv } from "@/lib/security/settings";

export const dynamic = "force-dynamic";

/** Server-sent events for one room: full history, then live, resumable with Last-Event-ID. */
export const GET = apiRoute(
  "GET /api/rooms/[roomId]/stream",
  async (request, { params }: IdParams<"roomId">) => {
    const { roomId } = await params;
    // Answered, not reported: a deploy in progress is no error. The client retries after Retry-After.
    if (isDraining()) return shuttingDown();
    const { repo } = await getServices();
    const room = await repo.requireRoom(roomId);
    const release = sseSlots(() => new SseSlots(limitsFromEnv())).acquire(
      roomId,
      clientKey(request.headers),
    );
    const stream = roomEventStream({
      onClose: release,
      roomId,
      episodeId: room.episodeId,
      afterSeq: parseLastEventId(request),
      history: (afterSeq) => repo.listEvents(roomId, afterSeq),
      signal: request.signal,
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  },
);
