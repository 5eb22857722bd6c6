import "server-only";
import { AppError } from "@/lib/errors/app-error";

type Waiter = {
  episodeId: string;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal;
  onAbort: () => void;
};

/**
 * Concurrent runs, globally and per episode. A run beyond either limit waits in a FIFO queue
 * (skipping waiters whose episode is still full); beyond `maxQueued` waiting runs, 429.
 */
export class RunSlots {
  private running = 0;
  private readonly perEpisode = new Map<string, number>();
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly limits: {
      maxConcurrentRuns: number;
      maxRunsPerEpisode: number;
      maxQueuedRuns: number;
    },
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  private fits(episodeId: string): boolean {
    return (
      this.running < this.limits.maxConcurrentRuns &&
      (this.perEpisode.get(episodeId) ?? 0) < this.limits.maxRunsPerEpisode
    );
  }

  private take(episodeId: string): void {
    this.running += 1;
    this.perEpisode.set(episodeId, (this.perEpisode.get(episodeId) ?? 0) + 1);
  }

  /** True when the run may start at once; false when it will wait in the queue. Throws 429 when the queue is full. */
  reserveOrQueue(episodeId: string): boolean {
    if (this.fits(episodeId)) return true;
    if (this.queue.length >= this.limits.maxQueuedRuns) {
      throw new AppError(
        "RATE_LIMITED",
        `Too many runs are waiting (${this.queue.length}); try again later`,
        { retryAfterSeconds: 30 },
      );
    }
    return false;
  }

  /** Resolves once a slot is held; rejects with the signal's reason when the waiting run is stopped. */
  acquire(episodeId: string, signal: AbortSignal): Promise<void> {
    if (this.fits(episodeId) && this.queue.length === 0) {
      this.take(episodeId);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        episodeId,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(signal.reason);
        },
      };
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener("abort", waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.drain();
    });
  }

  release(episodeId: string): void {
    this.running -= 1;
    const left = (this.perEpisode.get(episodeId) ?? 1) - 1;
    if (left > 0) this.perEpisode.set(episodeId, left);
    else this.perEpisode.delete(episodeId);
    this.drain();
  }

  private drain(): void {
    for (let index = 0; index < this.queue.length; ) {
      const waiter = this.queue[index]!;
      if (!this.fits(waiter.episodeId)) {
        index += 1;
        continue;
      }
      this.queue.splice(index, 1);
      waiter.signal.removeEventListener("abort", waiter.onAbort);
      this.take(waiter.episodeId);
      waiter.resolve();
    }
  }
}

/** One chain per key: each task starts when the previous one for the same key has settled. */
export class KeyedSerialiser {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(task);
    this.tails.set(key, next);
    void next
      .catch(() => undefined)
      .finally(() => this.tails.get(key) === next && this.tails.delete(key));
    return next;
  }
}
