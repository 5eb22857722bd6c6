import "server-only";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { AppError } from "@/lib/errors/app-error";

/** Tokens spent on the server's key, per episode, in this process. */
export class TokenBudget {
  private readonly used = new Map<string, number>();

  constructor(readonly limit: number) {}

  spent(episodeId: string): number {
    return this.used.get(episodeId) ?? 0;
  }

  assertLeft(episodeId: string): void {
    if (this.spent(episodeId) >= this.limit) {
      throw new AppError(
        "LIMIT_REACHED",
        `This episode has used its budget of ${this.limit} tokens on the server's key`,
      );
    }
  }

  add(episodeId: string, tokens: number): void {
    this.used.set(episodeId, this.spent(episodeId) + tokens);
  }

  /** The same model, refusing calls once the episode's budget is spent and counting what each call used. */
  wrap(model: LanguageModelV3, episodeId: string): LanguageModelV3 {
    const count = (
      usage: { inputTokens: { total?: number }; outputTokens: { total?: number } } | undefined,
    ) => this.add(episodeId, (usage?.inputTokens.total ?? 0) + (usage?.outputTokens.total ?? 0));
    return {
      specificationVersion: model.specificationVersion,
      provider: model.provider,
      modelId: model.modelId,
      supportedUrls: model.supportedUrls,
      doGenerate: async (options) => {
        this.assertLeft(episodeId);
        const result = await model.doGenerate(options);
        count(result.usage);
        return result;
      },
      doStream: async (options) => {
        this.assertLeft(episodeId);
        const result = await model.doStream(options);
        const counted = result.stream.pipeThrough(
          new TransformStream({
            transform(part, controller) {
              if (part.type === "finish") count(part.usage);
              controller.enqueue(part);
            },
          }),
        );
        return { ...result, stream: counted };
      },
    };
  }
}
