import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors/app-error";

/**
 * Writes per client per minute. In memory: the embedded database (PGlite) is locked to one
 * process, so one process sees every write; with PostgreSQL behind several processes the
 * limit is per process (docs/security.md).
 */
export class WriteLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly perMinute: number) {
    this.limiter = new RateLimiterMemory({
      points: perMinute,
      duration: 60,
      keyPrefix: "mams-writes",
    });
  }

  /** Resolves when the write may go ahead; throws RATE_LIMITED with Retry-After otherwise. */
  async consume(client: string): Promise<void> {
    try {
      await this.limiter.consume(client);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new AppError(
        "RATE_LIMITED",
        `Too many changes from this client: at most ${this.perMinute} a minute`,
        {
          retryAfterSeconds: rejection.msBeforeNext / 1000,
        },
      );
    }
  }
}
