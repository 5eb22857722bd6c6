import { addBreadcrumb } from "@mams/sentry-loader";
import { AppError } from "@/lib/errors/app-error";

/** Calls our API; a failure comes back as the same typed AppError the server threw. */
export async function apiFetch<T>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<T> {
  const { json, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      // The server takes writes as application/json only (a cross-site form cannot send that).
      headers: {
        ...((json !== undefined || (rest.method && rest.method !== "GET")) && {
          "content-type": "application/json",
        }),
        ...rest.headers,
      },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch {
    throw new AppError(
      "UPSTREAM_UNAVAILABLE",
      "The server cannot be reached. Check your connection and try again.",
    );
  }
  const text = await response.text();
  const body = text ? safeJson(text) : undefined;
  if (!response.ok) throw AppError.fromBody(body, response.status);
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The user's steps, with the ids that tie them to server-side events (under Sentry's tag names). */
export function userStep(
  message: string,
  { episodeId, roomId, ...rest }: { episodeId?: string; roomId?: string; [key: string]: unknown },
) {
  const ids = {
    ...(episodeId && { session_id: episodeId }),
    ...(roomId && { negotiation_id: roomId }),
  };
  addBreadcrumb({ category: "user.action", level: "info", message, data: { ...ids, ...rest } });
}
