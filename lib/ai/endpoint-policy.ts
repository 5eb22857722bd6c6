import "server-only";
import dns from "node:dns";
import type { LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent, fetch as undiciFetch } from "undici";
import type { LlmSettings } from "@/lib/domain/schemas";
import { AppError } from "@/lib/errors/app-error";
import type { EndpointPolicy } from "@/lib/security/settings";

export type ProviderDefaults = { apiKey?: string; baseUrl?: string };
export type ResolvedEndpoint = {
  baseUrl: string;
  apiKey?: string;
  usesServerKey: boolean;
  privateAllowed: boolean;
};

/** Same URL whatever the trailing slash or letter case of the host. */
export function normaliseBaseUrl(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`.toLowerCase();
}

const stripBrackets = (host: string) => host.replace(/^\[|\]$/g, "");

/** Public unicast only: loopback, private, link-local, unique-local, CGNAT, multicast and the rest are "private". */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() !== "unicast";
}

/** An allowlisted URL that names a local address itself (localhost:1234 for LM Studio) may reach it. */
function namesPrivateHost(baseUrl: string): boolean {
  const host = stripBrackets(new URL(baseUrl).hostname);
  return host === "localhost" || (ipaddr.isValid(host) && isPrivateAddress(host));
}

export const endpointIssue = (path: string, message: string) =>
  new AppError("VALIDATION_ERROR", "The LLM settings are not allowed on this server", {
    details: [{ path, message }],
  });

/**
 * Which URL a run may call and with which key. A URL outside the operator's allowlist needs
 * LLM_ALLOW_CUSTOM_BASE_URL and never gets the server's key; the server's key may be limited to some models.
 */
export function resolveEndpoint(
  llm: LlmSettings,
  defaults: ProviderDefaults,
  defaultBaseUrl: string,
  policy: EndpointPolicy,
): ResolvedEndpoint {
  const baseUrl = llm.baseUrl ?? defaults.baseUrl ?? defaultBaseUrl;
  const allowed = policy.allowedBaseUrls.map(normaliseBaseUrl).includes(normaliseBaseUrl(baseUrl));
  if (!allowed && !policy.allowCustomBaseUrl) {
    throw endpointIssue(
      "llm.baseUrl",
      `Not an allowed endpoint; choose one of ${policy.allowedBaseUrls.join(", ")}`,
    );
  }
  const usesServerKey = !llm.apiKey && allowed && Boolean(defaults.apiKey);
  if (usesServerKey && policy.serverKeyModels && !policy.serverKeyModels.includes(llm.model)) {
    throw endpointIssue(
      "llm.model",
      `With the server's key only these models are allowed: ${policy.serverKeyModels.join(", ")}`,
    );
  }
  const privateAllowed = policy.allowPrivateAddresses || (allowed && namesPrivateHost(baseUrl));
  if (!privateAllowed && namesPrivateHost(baseUrl)) {
    throw endpointIssue(
      "llm.baseUrl",
      "This server does not call private, loopback or link-local addresses",
    );
  }
  return {
    baseUrl,
    apiKey: llm.apiKey ?? (allowed ? defaults.apiKey : undefined),
    usesServerKey,
    privateAllowed,
  };
}

export class BlockedAddressError extends Error {
  readonly code = "ERR_MAMS_BLOCKED_ADDRESS";
  constructor(host: string) {
    super(`${host} resolves to a private or local address, which this server does not call`);
    this.name = "BlockedAddressError";
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** DNS lookup that refuses private answers: runs at connect time, so a rebinding answer is caught too. */
export function guardedLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: LookupCallback,
): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.some((entry) => isPrivateAddress(entry.address)))
      return callback(new BlockedAddressError(hostname), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

export class ResponseTooLargeError extends Error {
  constructor(limit: number) {
    super(`The provider's response is larger than ${limit} bytes`);
    this.name = "AI_InvalidResponseDataError";
  }
}

/** Counts bytes as they arrive and errors the body past the cap. */
export function capBody(response: Response, limit: number): Response {
  if (Number(response.headers.get("content-length") ?? 0) > limit)
    throw new ResponseTooLargeError(limit);
  if (!response.body) return response;
  let size = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) controller.error(new ResponseTooLargeError(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

const agents = new Map<string, Agent>();
function agentFor(connectTimeoutMs: number, guarded: boolean): Agent {
  const key = `${connectTimeoutMs}:${guarded}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: connectTimeoutMs, ...(guarded && { lookup: guardedLookup as never }) },
    });
    agents.set(key, agent);
  }
  return agent;
}

/** fetch for one provider call: connect timeout, address guard (literal IPs here, names at connect time), response cap. */
export function guardedFetch(options: {
  connectTimeoutMs: number;
  privateAllowed: boolean;
  maxResponseBytes: number;
}): typeof globalThis.fetch {
  const agent = agentFor(options.connectTimeoutMs, !options.privateAllowed);
  return (async (
    input: Parameters<typeof undiciFetch>[0],
    init?: Parameters<typeof undiciFetch>[1],
  ) => {
    const host = stripBrackets(
      new URL(
        typeof input === "string" || input instanceof URL ? input : (input as { url: string }).url,
      ).hostname,
    );
    if (
      !options.privateAllowed &&
      (host === "localhost" || (ipaddr.isValid(host) && isPrivateAddress(host)))
    )
      throw new BlockedAddressError(host);
    const response = (await undiciFetch(input, {
      ...init,
      dispatcher: agent,
    })) as unknown as Response;
    return capBody(response, options.maxResponseBytes);
  }) as unknown as typeof globalThis.fetch;
}

/** What viewers of a room see of a failure: the code's meaning, the provider and an HTTP status, never upstream text. */
export function viewerMessage(error: AppError): string {
  const details = (error.details ?? {}) as { provider?: unknown; status?: unknown };
  const provider = typeof details.provider === "string" ? details.provider : "model";
  const status = typeof details.status === "number" ? ` (HTTP ${details.status})` : "";
  switch (error.code) {
    case "LLM_TIMEOUT":
      return `The ${provider} model did not answer in time.`;
    case "LLM_BAD_RESPONSE":
      return `The ${provider} model returned output that does not fit the expected format.`;
    case "LLM_UNAVAILABLE":
      return `The ${provider} model is unavailable${status}.`;
    case "VALIDATION_ERROR":
    case "CONFLICT":
    case "RATE_LIMITED":
    case "LIMIT_REACHED":
      return error.message;
    default:
      return "The negotiation failed on the server. It has been reported.";
  }
}
