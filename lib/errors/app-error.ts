/** One error shape for every API response: `{ error: { code, message, details? } }`. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  EPISODE_NOT_FOUND: 404,
  ROOM_NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  LIMIT_REACHED: 409,
  CONFLICT: 409,
  LEASE_LOST: 409,
  LLM_TIMEOUT: 503,
  SHUTTING_DOWN: 503,
  LLM_UNAVAILABLE: 503,
  LLM_BAD_RESPONSE: 502,
  UPSTREAM_UNAVAILABLE: 502,
  DATABASE_ERROR: 500,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Sent as Retry-After on 429 answers. */
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details !== undefined && { details: this.details }),
      },
    };
  }

  toResponse(): Response {
    const headers =
      this.retryAfterSeconds === undefined
        ? undefined
        : { "retry-after": String(Math.max(1, Math.ceil(this.retryAfterSeconds))) };
    return Response.json(this.toBody(), { status: this.status, headers });
  }

  /** Rebuilds the same typed error on the client from an API response body. */
  static fromBody(body: unknown, fallbackStatus = 500): AppError {
    const error = (body as Partial<ErrorBody> | null)?.error;
    if (
      error &&
      typeof error.code === "string" &&
      error.code in ERROR_STATUS &&
      typeof error.message === "string"
    ) {
      return new AppError(error.code, error.message, { details: error.details });
    }
    return new AppError(
      fallbackStatus >= 500 ? "INTERNAL_ERROR" : "VALIDATION_ERROR",
      `Unexpected response (HTTP ${fallbackStatus})`,
    );
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof Error && error.name === "AppError" && "code" in error;
}
