import "server-only";
import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3GenerateResult,
} from "@ai-sdk/provider";
import type { Fault } from "@/lib/domain/schemas";
import type { AgentContext } from "@/lib/engine/contexts";
import { rng } from "@/lib/engine/random";
import { simulateBuyerMessage, simulateDecision, simulateSellerReply } from "./simulation";

type Options = {
  seed: number;
  faults?: Fault[];
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export const SIMULATED_URL = "simulated://mams";

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), {
      once: true,
    });
  });
}

function promptText(prompt: LanguageModelV3CallOptions["prompt"]): string {
  return prompt
    .map((message) =>
      typeof message.content === "string"
        ? message.content
        : message.content.map((part) => ("text" in part ? part.text : "")).join(""),
    )
    .join("\n");
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/**
 * The built-in provider: an AI SDK language model, so simulated runs take the same code
 * path and produce the same gen_ai spans as real ones. Deterministic for a seed; faults
 * can be injected per agent and call number for tests and demos.
 */
export class SimulatedLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider = "mams.simulated";
  readonly supportedUrls = {};
  private readonly calls = new Map<string, number>();
  private totalCalls = 0;

  constructor(
    readonly modelId: string,
    private readonly options: Options,
  ) {}

  async doGenerate(call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const input = promptText(call.prompt);
    // The agent's facts come out of band (providerOptions.mams), never from the prompt text:
    // a posted message that imitates them changes nothing.
    const options = call.providerOptions?.mams as
      | { context?: AgentContext; probe?: boolean }
      | undefined;
    const ctx = options?.context;
    let text: string;
    if (ctx) {
      const malformed = await this.injectFault(ctx, call.abortSignal);
      text = malformed
        ? ctx.task === "buyer_message"
          ? ""
          : '{"message": "half an answer", "offer": {"price": '
        : this.respond(ctx);
    } else if (options?.probe) {
      text = '{"ok":true}';
    } else {
      throw new APICallError({
        message: "The simulated provider needs a MAMS agent context",
        url: SIMULATED_URL,
        requestBodyValues: {},
        statusCode: 400,
        isRetryable: false,
      });
    }
    return {
      content: [{ type: "text", text }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: tokens(input), noCache: tokens(input), cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: tokens(text), text: tokens(text), reasoning: 0 },
      },
      warnings: [],
      response: { id: `sim-${this.totalCalls}`, modelId: this.modelId, timestamp: new Date() },
    };
  }

  async doStream(call: LanguageModelV3CallOptions) {
    const result = await this.doGenerate(call);
    const text = result.content[0]?.type === "text" ? result.content[0].text : "";
    return {
      stream: new ReadableStream({
        start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({ type: "text-start", id: "0" });
          controller.enqueue({ type: "text-delta", id: "0", delta: text });
          controller.enqueue({ type: "text-end", id: "0" });
          controller.enqueue({
            type: "finish",
            finishReason: result.finishReason,
            usage: result.usage,
          });
          controller.close();
        },
      }),
    } as Awaited<ReturnType<LanguageModelV3["doStream"]>>;
  }

  private respond(ctx: AgentContext): string {
    const random = rng(this.options.seed, `${ctx.task}:${ctx.agent}:${ctx.round}`);
    if (ctx.task === "buyer_message") return simulateBuyerMessage(ctx, random);
    if (ctx.task === "seller_reply") return JSON.stringify(simulateSellerReply(ctx, random));
    return JSON.stringify(simulateDecision(ctx));
  }

  /** Returns true when this call should answer with malformed output. */
  private async injectFault(ctx: AgentContext, signal?: AbortSignal): Promise<boolean> {
    this.totalCalls += 1;
    const agentKey = ctx.agent === "buyer" ? "buyer" : ctx.agent;
    const n = (this.calls.get(agentKey) ?? 0) + 1;
    this.calls.set(agentKey, n);
    const sleep = this.options.sleep ?? abortableSleep;
    for (const fault of this.options.faults ?? []) {
      const callNumber = fault.agent ? n : this.totalCalls;
      if (fault.agent && fault.agent !== agentKey) continue;
      if (
        callNumber < fault.fromCall ||
        (fault.count !== undefined && callNumber >= fault.fromCall + fault.count)
      )
        continue;
      switch (fault.kind) {
        case "delay":
          await sleep(fault.delayMs ?? 500, signal);
          break;
        case "timeout":
          await sleep(10 * 60_000, signal); // hangs until the caller's timeout aborts it
          break;
        case "http_500":
          throw new APICallError({
            message: "Simulated provider error (HTTP 500)",
            url: SIMULATED_URL,
            requestBodyValues: {},
            statusCode: 500,
            isRetryable: true,
          });
        case "http_429":
          throw new APICallError({
            message: "Simulated rate limit (HTTP 429)",
            url: SIMULATED_URL,
            requestBodyValues: {},
            statusCode: 429,
            responseHeaders: { "retry-after": "0" },
            isRetryable: true,
          });
        case "malformed":
          return true;
      }
    }
    return false;
  }
}
