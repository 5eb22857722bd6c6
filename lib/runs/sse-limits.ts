import "server-only";
import { AppError } from "@/lib/errors/app-error";

/** Open event streams per room and per client: beyond either limit a new one gets 429. */
export class SseSlots {
  private readonly rooms = new Map<string, number>();
  private readonly clients = new Map<string, number>();

  constructor(private readonly limits: { maxSsePerRoom: number; maxSsePerClient: number }) {}

  /** Returns the release function (idempotent) or throws RATE_LIMITED. */
  acquire(roomId: string, client: string): () => void {
    if ((this.rooms.get(roomId) ?? 0) >= this.limits.maxSsePerRoom) {
      throw new AppError(
        "RATE_LIMITED",
        `This room already has ${this.limits.maxSsePerRoom} open streams`,
        { retryAfterSeconds: 10 },
      );
    }
    if ((this.clients.get(client) ?? 0) >= this.limits.maxSsePerClient) {
      throw new AppError(
        "RATE_LIMITED",
        `This client already has ${this.limits.maxSsePerClient} open streams`,
        { retryAfterSeconds: 10 },
      );
    }
    const bump = (map: Map<string, number>, key: string, by: number) => {
      const value = (map.get(key) ?? 0) + by;
      if (value > 0) map.set(key, value);
      else map.delete(key);
    };
    bump(this.rooms, roomId, 1);
    bump(this.clients, client, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.rooms, roomId, -1);
      bump(this.clients, client, -1);
    };
  }

  open(roomId: string): number {
    return this.rooms.get(roomId) ?? 0;
  }
}

type Holder = { slots?: SseSlots };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.sse-slots")] ??= {});

export function sseSlots(create: () => SseSlots): SseSlots {
  return (holder.slots ??= create());
}

/** For tests: the next request builds the slots from its own limits. */
export function resetSseSlots(): void {
  holder.slots = undefined;
}
