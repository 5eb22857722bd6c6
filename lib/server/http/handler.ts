import "server-only";
import * as Sentry from "@sentry/nextjs";
import type { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import {
  captureAppError,
  definedTags,
  shouldReport,
  type RoomTags,
} from "@/lib/sentry/server/capture";
import { getServices } from "@/lib/server/composition";
import { badStrings, readBoundedBody } from "./body";

export const MAX_BODY_BYTES = 256 * 1024;

export type FieldError = { path: string; message: string };

export function fieldErrors(
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>,
): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/** Parses and validates a JSON body: 413 when too large, 400 with field paths when malformed or invalid. */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  extraIssues: (value: unknown) => Array<{ path: (string | number)[]; message: string }> = () => [],
): Promise<z.infer<S>> {
  const bytes = await readBoundedBody(request, MAX_BODY_BYTES);
  if (!bytes) throw new AppError("PAYLOAD_TOO_LARGE", `Body larger than ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION_ERROR", "The request body is not valid UTF-8 JSON", {
      details: [{ path: "", message: "Not valid JSON" }],
    });
  }
  // NUL and lone surrogates pass JSON.parse and zod, then fail in PostgreSQL: refuse them here, by field.
  const unstorable = badStrings(body);
  if (unstorable.length)
    throw new AppError("VALIDATION_ERROR", "The request body is invalid", {
      details: fieldErrors(unstorable),
    });
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const details = fieldErrors([...parsed.error.issues, ...extraIssues(body)]);
    const unique = details.filter(
      (d, i) => details.findIndex((o) => o.path === d.path && o.message === d.message) === i,
    );
    throw new AppError("VALIDATION_ERROR", "The request body is invalid", { details: unique });
  }
  return parsed.data;
}

/**
 * Every API route answers with one error body. Domain errors are reported with their
 * fingerprint; anything unexpected is reported exactly once here, as unhandled (it escaped the
 * route's own logic: "unhandled" alerts must fire) with the parameterised route as transaction,
 * and answered without internals. Both carry the room's ids when the route has them.
 */
export function apiRoute<C>(
  route: string,
  handler: (request: Request, context: C) => Promise<Response>,
) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (isAppError(error)) {
        if (shouldReport(error)) captureAppError(error, { route, tags: await roomTagsOf(context) });
        return error.toResponse();
      }
      const tags = definedTags(await roomTagsOf(context));
      Sentry.withScope((scope) => {
        scope.setTransactionName(route);
        Sentry.captureException(error, {
          mechanism: { type: "auto.function.mams.api_route", handled: false },
          captureContext: { tags: { route, "error.code": "INTERNAL_ERROR", ...tags } },
        });
      });
      return new AppError(
        "INTERNAL_ERROR",
        "Something went wrong on our side. It has been reported.",
      ).toResponse();
    }
  };
}

/**
 * `negotiation_id` (a room) and `session_id` (its episode) from the route's parameters; a room's
 * episode is looked up, best effort: this runs only on the way to a report, and a failing
 * database must not hide the error being reported.
 */
async function roomTagsOf(context: unknown): Promise<RoomTags> {
  let params: Record<string, unknown> | undefined;
  try {
    params =
      (await (context as { params?: Promise<Record<string, unknown>> } | undefined)?.params) ??
      undefined;
  } catch {
    return {};
  }
  const roomId = typeof params?.roomId === "string" ? params.roomId : undefined;
  const episodeId = typeof params?.id === "string" ? params.id : undefined;
  if (!roomId) return { session_id: episodeId };
  const room = await getServices()
    .then(({ repo }) => repo.getRoom(roomId))
    .catch(() => undefined);
  return { negotiation_id: roomId, session_id: room?.episodeId };
}

export type IdParams<K extends string> = { params: Promise<Record<K, string>> };
