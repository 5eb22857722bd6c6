import type { LanguageModelV3 } from "@ai-sdk/provider";
import * as Sentry from "@sentry/nextjs";
import { serverLog } from "@/lib/sentry/server-log";
import { generateObject, generateText } from "ai";
import type { z } from "zod";
import type { LlmSettings } from "@/lib/domain/schemas";
import type { AgentContext } from "@/lib/engine/contexts";
import { decisionSchema, renderPrompt, sellerReplySchema, stripReasoning } from "@/lib/engine/prompts";
import type { Agents } from "@/lib/engine/run-room";
import { redactedSnippet, textHash } from "@/lib/sentry/redact";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./providers";
import { withRetries } from "./retry";

export type AgentDeps = {
  llm: LlmSettings;
  model: LanguageModelV3;
  signal: AbortSignal;
  ids: { negotiationId: string; sessionId: string };
  retry?: { baseDelayMs?: number; random?: () => number };
};

class EmptyModelOutput extends Error {
  constructor() {
    super("The model returned an empty message");
    this.name = "EmptyModelOutput";
  }
}

/** Agent turns through the AI SDK: gen_ai spans named after the agent, no prompt or output recorded. */
export function createAgents(deps: AgentDeps): Agents {
  const { llm, model, signal, ids } = deps;

  const turn = <T>(ctx: AgentContext, agentName: string, call: (prompt: { system: string; prompt: string }, callSignal: AbortSignal, telemetry: object) => Promise<T>, describe: (out: T) => string) => {
    const prompt = renderPrompt(ctx);
    const telemetry = {
      isEnabled: true,
      functionId: agentName,
      recordInputs: false,
      recordOutputs: false,
      metadata: { negotiation_id: ids.negotiationId, session_id: ids.sessionId, round: ctx.round, task: ctx.task, prompt_hash: textHash(prompt.prompt) },
    };
    return Sentry.startSpan(
      {
        op: "mams.agent_turn",
        name: `${ctx.task} ${agentName}`,
        attributes: { "mams.agent": agentName, "mams.task": ctx.task, "mams.round": ctx.round, "mams.prompt_hash": textHash(prompt.prompt), "mams.prompt_snippet": redactedSnippet(prompt.prompt) },
      },
      async (span) => {
        const out = await withRetries((callSignal) => call(prompt, callSignal, telemetry), {
          provider: llm.provider,
          maxRetries: llm.maxRetries ?? DEFAULT_MAX_RETRIES,
          timeoutMs: llm.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          signal,
          ...deps.retry,
          onRetry: ({ attempt, kind, delayMs }) => {
            Sentry.addBreadcrumb({ category: "llm.retry", level: "warning", message: `${agentName}: ${kind}, retry ${attempt} in ${Math.round(delayMs)} ms`, data: { negotiation_id: ids.negotiationId, round: ctx.round } });
            serverLog.warn("provider call retried", { negotiation_id: ids.negotiationId, session_id: ids.sessionId, provider: llm.provider, agent: agentName, kind, attempt, delay_ms: Math.round(delayMs), round: ctx.round });
          },
        });
        const text = describe(out);
        span.setAttributes({ "mams.output_hash": textHash(text), "mams.output_snippet": redactedSnippet(text) });
        return out;
      },
    );
  };

  const common = { model, temperature: llm.temperature, maxOutputTokens: llm.maxTokens, maxRetries: 0, ...(llm.seed !== undefined && { seed: llm.seed }) };

  /** Structured output (an offer, a decision) through generateObject; <think> blocks repaired away. */
  const structured =
    <S extends z.ZodType>(schema: S) =>
    async (prompt: { system: string; prompt: string }, abortSignal: AbortSignal, telemetry: object): Promise<z.infer<S>> =>
      (
        await generateObject({
          ...common,
          ...prompt,
          schema,
          abortSignal,
          experimental_telemetry: telemetry,
          experimental_repairText: async ({ text }) => stripReasoning(text),
        })
      ).object as z.infer<S>;

  return {
    buyerMessage: (ctx) =>
      turn(
        ctx,
        ctx.buyerName,
        async (prompt, abortSignal, telemetry) => {
          const result = await generateText({ ...common, ...prompt, abortSignal, experimental_telemetry: telemetry });
          const text = stripReasoning(result.text);
          if (!text) throw new EmptyModelOutput();
          return text;
        },
        (text) => text,
      ),
    sellerReply: (ctx) => turn(ctx, ctx.agent, structured(sellerReplySchema), (reply) => reply.message),
    buyerDecision: (ctx) => turn(ctx, ctx.buyerName, structured(decisionSchema), (decision) => decision.reason),
  };
}
