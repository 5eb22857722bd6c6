import "server-only";
import { APICallError } from "@ai-sdk/provider";
import { generateText } from "ai";
import { z } from "zod";
import type { LlmSettings, OutputMode } from "@/lib/domain/schemas";
import { extractJsonObject, withoutReasoning } from "./json-extract";
import { classifyFailure } from "./errors";
import { outputModeFor, rawOutput } from "./output-mode";
import type { EndpointPolicy } from "@/lib/security/settings";
import { DEFAULT_BASE_URLS, languageModelFor, type ProviderDefaults } from "./providers";

/** The provider part of the LLM settings: all a connection test needs. */
export type ConnectionTestInput = Pick<
  LlmSettings,
  "provider" | "model" | "baseUrl" | "apiKey" | "outputMode" | "timeoutMs" | "connectTimeoutMs"
>;

export type ConnectionReport = {
  reachable: boolean;
  latencyMs: number;
  mode: OutputMode;
  /** works: the model answered the JSON asked for in this mode; failed: refused or ignored it; unknown: no answer to judge. */
  structuredOutput: "works" | "failed" | "unknown";
  /** One sentence a person can act on. */
  message: string;
};

const probeSchema = z.object({ ok: z.boolean() }).strict();
const PROBE_TIMEOUT_MS = 20_000;

function plainWords(
  error: unknown,
  endpoint: string,
  mode: OutputMode,
  apiKey?: string,
): Omit<ConnectionReport, "latencyMs" | "mode"> {
  const scrub = (text: string) => (apiKey ? text.split(apiKey).join("[API key]") : text);
  const kind = classifyFailure(error);
  const api = APICallError.isInstance(error) ? error : undefined;
  const said = scrub(
    String(
      (api?.data as { error?: { message?: string } } | undefined)?.error?.message ??
        api?.message ??
        (error as Error)?.message ??
        "unknown error",
    ),
  );
  if (api?.statusCode !== undefined) {
    const status = api.statusCode;
    if (status === 401 || status === 403)
      return {
        reachable: true,
        structuredOutput: "unknown",
        message: `The provider refused the API key (HTTP ${status}): ${said}`,
      };
    if (status === 404)
      return {
        reachable: true,
        structuredOutput: "unknown",
        message: `The model or the endpoint was not found (HTTP 404): ${said}. Check the model name, and that the base URL ends in /v1.`,
      };
    if (status === 400 && /response_format|json|schema/i.test(said)) {
      return {
        reachable: true,
        structuredOutput: "failed",
        message: `The provider refused the ${mode} output mode (HTTP 400): ${said}. Try ${mode === "schema" ? "JSON mode or prompt-only" : "prompt-only"}.`,
      };
    }
    return {
      reachable: true,
      structuredOutput: "unknown",
      message: `The provider answered HTTP ${status}: ${said}`,
    };
  }
  const code = String(
    (error as { cause?: { code?: string } })?.cause?.code ??
      (error as { code?: string })?.code ??
      "",
  );
  if (/ENOTFOUND|EAI_AGAIN/.test(code + said))
    return {
      reachable: false,
      structuredOutput: "unknown",
      message: `The host of ${endpoint} could not be found. Check the base URL.`,
    };
  if (kind === "timeout")
    return {
      reachable: false,
      structuredOutput: "unknown",
      message: `No answer from ${endpoint} in time. Is the server running, and is the model loaded?`,
    };
  if (/ECONNREFUSED/.test(code + said) || kind === "retryable")
    return {
      reachable: false,
      structuredOutput: "unknown",
      message: `Nothing answers at ${endpoint} (connection refused). Is the server running on that address?`,
    };
  return { reachable: false, structuredOutput: "unknown", message: `The call failed: ${said}` };
}

/**
 * One tiny call through the same provider seam as the runs: reachability, latency, and
 * whether the chosen output mode gets JSON back. Failures are the report, not an error.
 */
export async function testConnection(
  input: ConnectionTestInput,
  defaults: ProviderDefaults = {},
  policy?: EndpointPolicy,
  clock: () => number = () => performance.now(),
): Promise<ConnectionReport> {
  const llm: LlmSettings = { ...input, temperature: 0, maxTokens: 64, maxRounds: 1, maxRetries: 0 };
  const mode = outputModeFor(llm);
  const endpoint =
    llm.provider === "simulated"
      ? "the built-in simulator"
      : (llm.baseUrl ?? defaults.baseUrl ?? DEFAULT_BASE_URLS[llm.provider]);
  const started = clock();
  try {
    const result = await generateText({
      model: languageModelFor(llm, defaults, policy),
      system: 'This is a connection test. Reply with only this JSON object: {"ok": true}',
      prompt: "Connection test: answer in JSON.",
      temperature: 0,
      maxOutputTokens: llm.maxTokens,
      maxRetries: 0,
      output: rawOutput(mode, "connection_test", probeSchema),
      providerOptions: llm.provider === "simulated" ? { mams: { probe: true } } : undefined,
      abortSignal: AbortSignal.timeout(llm.timeoutMs ?? PROBE_TIMEOUT_MS),
    });
    const latencyMs = Math.round(clock() - started);
    const found = extractJsonObject(withoutReasoning(result.text));
    if (found.kind === "object" && found.value.ok === true) {
      return {
        reachable: true,
        latencyMs,
        mode,
        structuredOutput: "works",
        message: `${llm.model} answered in ${latencyMs} ms with the JSON asked for (${mode} mode).`,
      };
    }
    const snippet = result.text.trim().slice(0, 80) || "(empty)";
    return {
      reachable: true,
      latencyMs,
      mode,
      structuredOutput: "failed",
      message: `${llm.model} answered in ${latencyMs} ms, but not with the JSON asked for: "${snippet}".`,
    };
  } catch (error) {
    return {
      latencyMs: Math.round(clock() - started),
      mode,
      ...plainWords(error, endpoint, mode, llm.apiKey ?? defaults.apiKey),
    };
  }
}
