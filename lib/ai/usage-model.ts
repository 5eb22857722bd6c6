import "server-only";
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";

/** Tokens of one model call; `estimated` when the provider reported none (about 4 characters a token). */
export type CallUsage = {
  agent: string;
  task: string;
  round: number;
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
};

export type UsageHooks = {
  /** Before each call: may stop the run (a budget already spent). */
  beforeCall?: () => void | Promise<void>;
  onUsage: (usage: CallUsage) => void | Promise<void>;
};

const estimate = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function promptText(prompt: LanguageModelV3CallOptions["prompt"]): string {
  return prompt
    .map((m) =>
      typeof m.content === "string"
        ? m.content
        : m.content.map((p) => ("text" in p ? p.text : "")).join(""),
    )
    .join("\n");
}

function contentText(content: LanguageModelV3Content[]): string {
  return content
    .map((part) => (part.type === "text" || part.type === "reasoning" ? part.text : ""))
    .join("");
}

type TurnInfo = { agent?: string; task?: string; round?: number };

/** Who is speaking, as the agents pass it out of band (providerOptions.mams.turn). */
function turnOf(
  options: Pick<LanguageModelV3CallOptions, "providerOptions">,
): TurnInfo | undefined {
  return (options.providerOptions?.mams as { turn?: TurnInfo } | undefined)?.turn;
}

export function measureUsage(
  prompt: LanguageModelV3CallOptions["prompt"],
  output: string,
  usage: LanguageModelV3Usage | undefined,
  ctx?: TurnInfo,
): CallUsage {
  const input = promptText(prompt);
  const inputTokens = usage?.inputTokens.total;
  const outputTokens = usage?.outputTokens.total;
  return {
    agent: ctx?.agent ?? "unknown",
    task: ctx?.task ?? "unknown",
    round: ctx?.round ?? 0,
    inputTokens: inputTokens ?? estimate(input),
    outputTokens: outputTokens ?? estimate(output),
    estimated: inputTokens === undefined || outputTokens === undefined,
  };
}

/** The AI SDK's usage of every call, read at the model seam so the agents' code stays as it is. */
export function withUsage(model: LanguageModelV3, hooks: UsageHooks): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: model.provider,
    modelId: model.modelId,
    get supportedUrls() {
      return model.supportedUrls;
    },
    async doGenerate(options) {
      await hooks.beforeCall?.();
      const result = await model.doGenerate(options);
      await hooks.onUsage(
        measureUsage(options.prompt, contentText(result.content), result.usage, turnOf(options)),
      );
      return result;
    },
    async doStream(options) {
      await hooks.beforeCall?.();
      const { stream, ...rest } = await model.doStream(options);
      let text = "";
      let usage: LanguageModelV3Usage | undefined;
      const measured = stream.pipeThrough(
        new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
          transform(part, controller) {
            if (part.type === "text-delta") text += part.delta;
            if (part.type === "finish") usage = part.usage;
            controller.enqueue(part);
          },
          async flush() {
            await hooks.onUsage(measureUsage(options.prompt, text, usage, turnOf(options)));
          },
        }),
      );
      return { ...rest, stream: measured };
    },
  };
}
