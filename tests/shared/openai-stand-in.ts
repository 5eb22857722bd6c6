import http from "node:http";
import type { AddressInfo } from "node:net";
import { answer, type ChatMessage, type Intended, type Persona } from "./stand-in-brain";
import { strictSchemaViolations } from "./strict-schema";

/**
 * A stand-in OpenAI-compatible server (POST /v1/chat/completions) that enforces the structured
 * output it claims the way real providers do:
 * - "schema" (OpenAI, LM Studio): json_schema with strict: true must be in the strict subset,
 *   else 400 in OpenAI's words; json_object needs the word "json" in the messages.
 * - "json" (JSON mode only, e.g. DeepSeek, many OpenRouter routes): json_schema is refused.
 * - "prompt" (no structured output): any response_format is refused.
 * The model id picks the behaviour, as a route does on OpenRouter.
 */
export type Accepts = "schema" | "json" | "prompt";
export type StandInModel = {
  accepts: Accepts;
  persona: Persona;
  respond?: (messages: ChatMessage[]) => string;
};

export type RecordedRequest = {
  model: string;
  responseFormat?: {
    type: string;
    json_schema?: { name?: string; strict?: boolean; schema?: unknown };
  };
  status: number;
  messages: ChatMessage[];
};

export type StandIn = {
  url: string;
  requests: RecordedRequest[];
  intended: Intended[];
  reset(): void;
  close(): Promise<void>;
};

const invalid = (message: string, param: string | null = "response_format") => ({
  status: 400,
  body: { error: { message, type: "invalid_request_error", param, code: null } },
});

function refusal(
  accepts: Accepts,
  format: RecordedRequest["responseFormat"],
  messages: ChatMessage[],
) {
  if (!format || format.type === "text") return undefined;
  if (accepts === "prompt")
    return invalid(`response_format of type '${format.type}' is not supported by this model.`);
  if (format.type === "json_schema") {
    if (accepts === "json") return invalid("This response_format type is unavailable now");
    const name = format.json_schema?.name ?? "response";
    const problems = format.json_schema?.strict
      ? strictSchemaViolations(format.json_schema?.schema)
      : [];
    if (problems.length)
      return invalid(`Invalid schema for response_format '${name}': ${problems[0]}`);
    return undefined;
  }
  if (format.type === "json_object") {
    const all = messages
      .map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)))
      .join("\n");
    if (!/json/i.test(all))
      return invalid(
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        "messages",
      );
    return undefined;
  }
  return invalid(
    `Invalid value: '${format.type}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
    "response_format.type",
  );
}

function completion(model: string, content: string) {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 },
  };
}

export async function startStandIn(
  models: Record<string, StandInModel>,
  port = 0,
): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const intended: Intended[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const send = (status: number, body: unknown) =>
        response
          .writeHead(status, { "content-type": "application/json" })
          .end(JSON.stringify(body));
      if (request.method === "GET" && request.url === "/_standin/health")
        return send(200, { ok: true });
      if (request.method !== "POST" || !request.url?.endsWith("/chat/completions"))
        return send(404, {
          error: {
            message: "Unknown path",
            type: "invalid_request_error",
            param: null,
            code: null,
          },
        });
      let body: {
        model?: string;
        messages?: ChatMessage[];
        response_format?: RecordedRequest["responseFormat"];
      };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(400, invalid("We could not parse the JSON body of your request.", null).body);
      }
      const model = models[body.model ?? ""];
      const messages = body.messages ?? [];
      const record = (status: number) =>
        requests.push({
          model: body.model ?? "",
          responseFormat: body.response_format,
          status,
          messages,
        });
      if (!model) {
        record(404);
        return send(404, {
          error: {
            message: `The model '${body.model}' does not exist or you do not have access to it.`,
            type: "invalid_request_error",
            param: null,
            code: "model_not_found",
          },
        });
      }
      const refused = refusal(model.accepts, body.response_format, messages);
      if (refused) {
        record(refused.status);
        return send(refused.status, refused.body);
      }
      record(200);
      const content = model.respond
        ? model.respond(messages)
        : answer(messages, model.persona, (entry) => intended.push(entry));
      send(200, completion(body.model!, content));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    intended,
    reset: () => {
      requests.length = 0;
      intended.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
