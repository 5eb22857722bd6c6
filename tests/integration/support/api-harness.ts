import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { DbHandle } from "@/lib/db/client";
import { createRepository } from "@/lib/db/repository";
import { languageModelFor } from "@/lib/ai/providers";
import { RunManager } from "@/lib/runs/run-manager";
import { usageMeter } from "@/lib/experiments/usage-meter";
import { provideServices, type Services } from "@/lib/server/composition";
import { silenceConsoleLog } from "@/lib/sentry/server/server-log";
import { pgliteTestDatabase } from "./test-db";

silenceConsoleLog();

export async function apiServices(): Promise<Services & { handle: DbHandle }> {
  const handle = await pgliteTestDatabase();
  const repo = createRepository(handle);
  const runs = new RunManager(repo, {
    modelFor: (llm) => languageModelFor(llm),
    retry: { baseDelayMs: 5 },
    meter: usageMeter(repo),
  });
  const services = { repo, runs };
  provideServices(services);
  return { ...services, handle };
}

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export async function call<P>(
  handler: Handler<P>,
  params: P,
  init: {
    method?: string;
    body?: unknown;
    raw?: string | Uint8Array | ReadableStream<Uint8Array>;
    headers?: Record<string, string>;
    url?: string;
    signal?: AbortSignal;
  } = {},
) {
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const request = new Request(init.url ?? "http://localhost/api/test", {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    body,
    headers: { "content-type": "application/json", ...init.headers },
    signal: init.signal,
    ...(body instanceof ReadableStream && { duplex: "half" }),
  } as RequestInit);
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = response.headers.get("content-type")?.includes("event-stream")
    ? ""
    : await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, response };
}

/** Reads an SSE response until it closes (or `until` says stop), parsed with the same parser the browser uses. */
export async function readSse(
  response: Response,
  until?: (message: EventSourceMessage) => boolean,
): Promise<EventSourceMessage[]> {
  const messages: EventSourceMessage[] = [];
  let stop = false;
  const parser = createParser({
    onEvent: (message) => (messages.push(message), (stop ||= Boolean(until?.(message)))),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  while (!stop) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  if (stop) await reader.cancel();
  return messages;
}
