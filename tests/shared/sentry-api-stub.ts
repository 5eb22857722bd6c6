import { createHash } from "node:crypto";
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { readZip } from "./zip";
import {
  createOpsState,
  handleOpsRequest,
  type OpsStubOptions,
} from "./sentry-api-stub/ops-routes";

export type BundleFile = {
  url: string;
  type: string;
  debugId?: string;
  sourceMap?: string;
  content: Buffer;
};
export type StoredBundle = {
  checksum: string;
  projects: string[];
  version?: string;
  files: BundleFile[];
};
export type ApiLogEntry = { method: string; path: string; status: number };

/**
 * `token` may do everything. `tokens` adds tokens with only the listed scopes (e.g. ["project:read"])
 * so tests can provoke Sentry's 403; any other token gets 401.
 */
type Options = {
  token: string;
  org: string;
  tokens?: Record<string, string[]>;
  ops?: OpsStubOptions;
};

const ALL_SCOPES = [
  "org:read",
  "org:write",
  "project:read",
  "project:write",
  "project:admin",
  "project:releases",
  "alerts:read",
  "alerts:write",
  "team:read",
];

/**
 * A local stand-in for the parts of Sentry's web API that the build plugin's uploader uses:
 * chunk upload options and chunks, artifact bundle assembly (with missing-chunk negotiation),
 * releases (create, finalize, commits, deploys); the artifact lookup by debug id; and the
 * operational endpoints of sentry-api-stub/ops-routes.ts. Anything else answers 404 and is logged,
 * so protocol drift fails loudly instead of passing silently.
 */
export function createSentryApiStub(options: Options) {
  const chunks = new Map<string, Buffer>();
  const bundles: StoredBundle[] = [];
  const releases = new Map<
    string,
    {
      version: string;
      projects: string[];
      dateReleased?: string;
      commits?: unknown;
      deploys: Array<{ environment: string }>;
    }
  >();
  const log: ApiLogEntry[] = [];
  const unknown: string[] = [];
  const ops = createOpsState(options.ops);
  const scopesByToken = new Map<string, ReadonlySet<string>>([
    [options.token, new Set(ALL_SCOPES)],
    ...Object.entries(options.tokens ?? {}).map(
      ([token, scopes]) => [token, new Set(scopes)] as const,
    ),
  ]);
  let baseUrl = "";

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  function assemble(body: {
    checksum: string;
    chunks: string[];
    projects?: string[];
    version?: string;
  }) {
    const missing = body.chunks.filter((c) => !chunks.has(c));
    if (missing.length) return { state: "not_found", missingChunks: missing };
    if (!bundles.some((b) => b.checksum === body.checksum)) {
      const archive = Buffer.concat(body.chunks.map((c) => chunks.get(c)!));
      const entries = readZip(archive);
      const manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8")) as {
        files: Record<string, { url: string; type: string; headers?: Record<string, string> }>;
      };
      const files = Object.entries(manifest.files).map(([path, meta]) => {
        const headers = Object.fromEntries(
          Object.entries(meta.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
        );
        return {
          url: meta.url,
          type: meta.type,
          debugId: headers["debug-id"],
          sourceMap: headers["sourcemap"],
          content: entries.get(path) ?? Buffer.alloc(0),
        };
      });
      bundles.push({
        checksum: body.checksum,
        projects: body.projects ?? [],
        version: body.version,
        files,
      });
    }
    return { state: "ok", missingChunks: [] };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    const url = new URL(req.url ?? "/", "http://stub");
    const path = url.pathname;
    const org = `/api/0/organizations/${options.org}`;
    if (req.method === "GET" && path === "/_stub/state") {
      return json(res, 200, {
        releases: [...releases.values()],
        bundles: bundles.map((b) => ({
          checksum: b.checksum,
          projects: b.projects,
          files: b.files.map(({ url: fileUrl, type, debugId }) => ({
            url: fileUrl,
            type,
            debugId,
          })),
        })),
        unknown,
        log,
      });
    }
    const mapRequest = /^\/_stub\/sourcemap\/([0-9a-f-]+)$/i.exec(path);
    if (req.method === "GET" && mapRequest) {
      const file = stub.sourceMapFor(mapRequest[1]!);
      return file
        ? void res.writeHead(200, { "content-type": "application/json" }).end(file.content)
        : json(res, 404, { detail: "no map" });
    }
    const scopes = scopesByToken.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
    if (!scopes) return json(res, 401, { detail: "Invalid token" });
    const payload = () => JSON.parse(body.toString("utf8") || "{}");
    const lookup = /^\/api\/0\/projects\/[^/]+\/([^/]+)\/artifact-lookup\/$/.exec(path);
    if (req.method === "GET" && lookup) {
      const debugId = (url.searchParams.get("debug_id") ?? "").toLowerCase();
      const found = bundles.filter(
        (b) =>
          b.projects.includes(lookup[1]!) &&
          b.files.some((f) => f.debugId?.toLowerCase() === debugId),
      );
      return json(
        res,
        200,
        found.map((b) => ({
          id: b.checksum,
          type: "bundle",
          url: `${baseUrl}/_stub/bundle/${b.checksum}`,
        })),
      );
    }
    let parsedBody: Record<string, unknown> = {};
    try {
      parsedBody =
        req.method !== "GET" && (req.headers["content-type"] ?? "").includes("json")
          ? payload()
          : {};
    } catch {
      return json(res, 400, { detail: "Malformed JSON" });
    }
    const reply = (status: number, answer?: unknown, headers: Record<string, string> = {}) =>
      answer === undefined
        ? void res.writeHead(status, headers).end()
        : void res
            .writeHead(status, { "content-type": "application/json", ...headers })
            .end(JSON.stringify(answer));
    if (
      handleOpsRequest(
        ops,
        options.org,
        req.method ?? "GET",
        path,
        url.searchParams,
        parsedBody,
        scopes,
        reply,
      )
    )
      return;

    if (req.method === "GET" && path === `${org}/`) {
      // No region links: the CLI caches them per org across runs, which would outlive SENTRY_URL.
      return json(res, 200, { id: "1", slug: options.org, name: options.org });
    }
    if (req.method === "GET" && path === `${org}/chunk-upload/`) {
      return json(res, 200, {
        url: `${baseUrl}${org}/chunk-upload/`,
        chunkSize: 8 * 1024 * 1024,
        chunksPerRequest: 64,
        maxFileSize: 2 ** 31,
        maxRequestSize: 32 * 1024 * 1024,
        concurrency: 4,
        hashAlgorithm: "sha1",
        compression: ["gzip"],
        accept: [
          "debug_files",
          "release_files",
          "pdbs",
          "sources",
          "bcsymbolmaps",
          "il2cpp",
          "portablepdbs",
          "artifact_bundles",
          "proguard",
        ],
      });
    }
    if (req.method === "POST" && path === `${org}/chunk-upload/`) {
      for (const part of multipartFiles(req.headers["content-type"] ?? "", body)) {
        const data =
          part.gzip || (part.data[0] === 0x1f && part.data[1] === 0x8b)
            ? gunzipSync(part.data)
            : part.data;
        chunks.set(createHash("sha1").update(data).digest("hex"), data);
      }
      return json(res, 200, {});
    }
    if (req.method === "POST" && path === `${org}/artifactbundle/assemble/`)
      return json(res, 200, assemble(payload()));
    if (req.method === "POST" && path === `${org}/releases/`) {
      const { version, projects = [] } = payload();
      if (!releases.has(version)) releases.set(version, { version, projects, deploys: [] });
      return json(res, 201, {
        version,
        projects: projects.map((slug: string) => ({ slug })),
        dateCreated: new Date().toISOString(),
      });
    }
    const release = /^\/api\/0\/organizations\/[^/]+\/releases\/([^/]+)\/(deploys\/)?$/.exec(path);
    if (release) {
      const version = decodeURIComponent(release[1]!);
      const entry = releases.get(version);
      if (!entry) return json(res, 404, { detail: "Release not found" });
      if (release[2] && req.method === "POST") {
        entry.deploys.push(payload());
        return json(res, 201, { environment: payload().environment });
      }
      if (req.method === "PUT") {
        Object.assign(entry, payload());
        return json(res, 200, { version, dateReleased: entry.dateReleased ?? null });
      }
      if (req.method === "GET")
        return json(res, 200, { version, projects: entry.projects.map((slug) => ({ slug })) });
    }
    if (req.method === "GET" && path === `${org}/repos/`) return json(res, 200, []);
    unknown.push(`${req.method} ${path}`);
    console.error(`[sentry-api-stub] unknown endpoint ${req.method} ${path}`);
    return json(res, 404, { detail: "Unknown endpoint in the MAMS Sentry API stand-in" });
  }

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const originalEnd = res.end.bind(res);
      res.end = ((...args: Parameters<typeof res.end>) => {
        log.push({ method: req.method ?? "", path: req.url ?? "", status: res.statusCode });
        return originalEnd(...args);
      }) as typeof res.end;
      handle(req, res, Buffer.concat(parts)).catch((error: unknown) =>
        json(res, 500, { detail: String(error) }),
      );
    });
  });

  const stub = {
    ops,
    bundles,
    releases,
    log,
    unknown,
    /** The uploaded source map for a debug id, as the event's debug_meta names it. */
    sourceMapFor(debugId: string): BundleFile | undefined {
      for (const bundle of bundles) {
        const file = bundle.files.find(
          (f) => f.type === "source_map" && f.debugId?.toLowerCase() === debugId.toLowerCase(),
        );
        if (file) return file;
      }
      return undefined;
    },
    listen(port: number): Promise<string> {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => {
          const address = server.address();
          baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`;
          resolve(baseUrl);
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return stub;
}

function multipartFiles(contentType: string, body: Buffer): Array<{ data: Buffer; gzip: boolean }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const files: Array<{ data: Buffer; gzip: boolean }> = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, headerEnd).toString("utf8").toLowerCase();
    if (headers.includes("filename=") || headers.includes('name="file'))
      files.push({ data: part.subarray(headerEnd + 4), gzip: headers.includes("file_gzip") });
    start = next;
  }
  return files;
}
