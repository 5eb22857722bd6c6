import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { SHUTDOWN_RETRY_MS } from "@/lib/runs/sse";

/** 503 with Retry-After while the process drains: the next process takes the request. */
export function shuttingDown(): Response {
  const response = new AppError(
    "SHUTTING_DOWN",
    "The server is shutting down; try again in a moment",
  ).toResponse();
  response.headers.set("retry-after", String(Math.ceil(SHUTDOWN_RETRY_MS / 1000)));
  return response;
}
