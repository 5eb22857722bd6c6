import http from "node:http";
import { decodeBody, parseEnvelope, type Envelope } from "./envelope";

export type StoredEnvelope = Envelope & {
  project: string;
  receivedAt: number;
  raw: string;
  path: string;
};

const ENVELOPE_PATH = /^\/api\/(\d+)\/envelope\/?(?:\?.*)?$/;
const STORE_PATH = /^\/api\/(\d+)\/store\/?(?:\?.*)?$/;

/**
 * A stand-in for Sentry's ingestion endpoint: stores every envelope per project and
 * serves them back to tests over /_receiver/* so any process can assert on them.
 */
export function createSentryReceiver(options: { countOnly?: boolean } = {}) {
  const envelopes: StoredEnvelope[] = [];
  const counts = { envelopes: 0, bytes: 0 };

  const server = http.createServer((request, response) => {
    const url = request.url ?? "/";
    response.setHeader("access-control-allow-origin", "*");
    response.setHeader("access-control-allow-headers", "*");
    if (request.method === "OPTIONS") return void response.writeHead(204).end();

    const envelopeMatch = ENVELOPE_PATH.exec(url) ?? STORE_PATH.exec(url);
    if (request.method === "POST" && envelopeMatch) {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        try {
          const raw = decodeBody(Buffer.concat(chunks), request.headers["content-encoding"]);
          counts.envelopes += 1;
          counts.bytes += raw.length;
          if (options.countOnly)
            return void response.writeHead(200, { "content-type": "application/json" }).end("{}");
          const parsed = parseEnvelope(raw);
          envelopes.push({
            ...parsed,
            project: envelopeMatch[1]!,
            receivedAt: Date.now(),
            raw: raw.toString("base64"),
            path: url,
          });
          response.writeHead(200, { "content-type": "application/json" }).end("{}");
        } catch (error) {
          response
            .writeHead(400, { "content-type": "application/json" })
            .end(JSON.stringify({ detail: String(error) }));
        }
      });
      return;
    }
    if (request.method === "GET" && url.startsWith("/_receiver/envelopes")) {
      const project = new URL(url, "http://x").searchParams.get("project");
      const list = project ? envelopes.filter((e) => e.project === project) : envelopes;
      return void response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(list));
    }
    if (request.method === "POST" && url === "/_receiver/reset") {
      envelopes.length = 0;
      return void response.writeHead(204).end();
    }
    if (request.method === "GET" && url === "/_receiver/health") {
      return void response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ envelopes: envelopes.length }));
    }
    console.error(`[sentry-receiver] unexpected ${request.method} ${url}`);
    response
      .writeHead(404, { "content-type": "application/json" })
      .end(JSON.stringify({ detail: "unknown endpoint" }));
  });

  return {
    envelopes,
    counts,
    /** Rejects (loudly) when the port is taken instead of silently using another one. */
    listen(port: number, host = "127.0.0.1"): Promise<number> {
      return new Promise((resolve, reject) => {
        server.once("error", (error: NodeJS.ErrnoException) => {
          reject(
            error.code === "EADDRINUSE"
              ? new Error(
                  `Sentry receiver: port ${port} on ${host} is already in use; stop whatever holds it or set SENTRY_RECEIVER_PORT`,
                )
              : error,
          );
        });
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
