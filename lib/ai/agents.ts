import "server-only";
import type { JSONObject, LanguageModelV3 } from "@ai-sdk/provider";
import * as Sentry from "@sentry/nextjs";
import { generateText, type ModelMessage } from "ai";
import { serverLog } from "@/lib/sentry/server/server-log";
import type { z } from "zod";
import type { LlmSettings } from "@/lib/domain/schemas";
import type { AgentContext } from "@/lib/engine/contexts";
import { decisionSchema, renderPrompt, sellerReplySchema } from "@/lib/engine/prompts";
import type { Agents } from "@/lib/engine/run-room";
import { AppError } from "@/lib/errors/app-error";
import { redactedSnippet, textHash } from "@/lib/sentry/server/redact";
import { startSpanWithStatus } from "@/lib/sentry/server/span-status";
import { parseBuyerMessage, parseDecision, parseSellerReply, type Parsed } from "./answer-parsing";
import { outputModeFor, rawOutput } from "./output-mode";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./providers";
import { withRetries } from "./retry";

export type AgentDeps = {
  llm: LlmSettings;
  model: LanguageModelV3;
  signal: AbortSignal;
  ids: { roomId: string; episodeId: string };
  retry?: { baseDelayMs?: number; random?: () => number };
};

const REPAIR_SHAPES: Record<AgentContext["task"], string> = {
  buyer_message: "Write one short message to the sellers.",
  seller_reply:
    'Answer again with only the JSON object {"message": ..., "offer": {"price": number, "quantity": number, "conditions": string or null} or null}.',
  buyer_decision:
    'Answer again with only the JSON object {"action": ..., "offerId": ..., "reason": ...}.',
};

/** The validation error goes back to the model once, in plain words, before the turn fails. */
export function repairPrompt(task: AgentContext["task"], problem: string): string {
  return `Your answer could not be used: ${problem}. ${REPAIR_SHAPES[task]}`;
}

/**
 * Agent turns through the AI SDK: gen_ai spans named after the agent, no prompt or output
 * recorded. Every answer is parsed by our tolerant parser whatever the output mode; an
 * unusable one gets one repair attempt, then LLM_BAD_RESPONSE with its cause.
 */
export function createAgents(deps: AgentDeps): Agents {
  const { llm, model, signal, ids } = deps;
  const mode = outputModeFor(llm);
  const common = {
    model,
    temperature: llm.temperature,
    maxOutputTokens: llm.maxTokens,
    maxRetries: 0,
    ...(llm.seed !== undefined && { seed: llm.seed }),
  };

  const turn = <T>(
    ctx: AgentContext,
    agentName: string,
    parse: (text: string) => Parsed<T>,
    describe: (out: T) => string,
    schema?: z.ZodType,
  ) => {
    const prompt = renderPrompt(ctx);
    const output = schema && rawOutput(mode, ctx.task, schema);
    // Out of band, under a key no OpenAI-compatible provider reads: who is speaking (for usage
    // metering) and, for the simulator only, the agent's facts. No real provider receives either.
    const turnInfo = { agent: agentName, task: ctx.task, round: ctx.round };
    const providerOptions = {
      mams:
        llm.provider === "simulated"
          ? { turn: turnInfo, context: ctx as unknown as JSONObject }
          : { turn: turnInfo },
    };
    const telemetry = {
      isEnabled: true,
      functionId: agentName,
      recordInputs: false,
      recordOutputs: false,
      metadata: {
        negotiation_id: ids.roomId,
        session_id: ids.episodeId,
        round: ctx.round,
        task: ctx.task,
        prompt_hash: textHash(prompt.prompt),
      },
    };
    const ask = (messages: ModelMessage[]) =>
      withRetries(
        async (abortSignal) =>
          (
            await generateText({
              ...common,
              system: prompt.system,
              messages,
              output,
              providerOptions,
              abortSignal,
              experimental_telemetry: telemetry,
            })
          ).text,
        {
          provider: llm.provider,
          maxRetries: llm.maxRetries ?? DEFAULT_MAX_RETRIES,
          timeoutMs: llm.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          signal,
          ...deps.retry,
          onRetry: ({ attempt, kind, delayMs }) => {
            Sentry.addBreadcrumb({
              category: "llm.retry",
              level: "warning",
              message: `${agentName}: ${kind}, retry ${attempt} in ${Math.round(delayMs)} ms`,
              data: { negotiation_id: ids.roomId, round: ctx.round },
            });
            serverLog.warn("provider call retried", {
              negotiation_id: ids.roomId,
              session_id: ids.episodeId,
              provider: llm.provider,
              agent: agentName,
              kind,
              attempt,
              delay_ms: Math.round(delayMs),
              round: ctx.round,
            });
          },
        },
      );
    return startSpanWithStatus(
      {
        op: "mams.agent_turn",
        name: `${ctx.task} ${agentName}`,
        attributes: {
          "mams.agent": agentName,
          "mams.task": ctx.task,
          "mams.round": ctx.round,
          "mams.output_mode": mode,
          "mams.prompt_hash": textHash(prompt.prompt),
        },
      },
      async (span) => {
        // Only a recorded span gets a snippet: with Sentry off or unsampled, no scrubbing at all.
        if (span.isRecording())
          span.setAttribute("mams.prompt_snippet", redactedSnippet(prompt.prompt));
        const messages: ModelMessage[] = [{ role: "user", content: prompt.prompt }];
        const first = await ask(messages);
        let parsed = parse(first);
        if (!parsed.ok) {
          Sentry.addBreadcrumb({
            category: "llm.repair",
            level: "warning",
            message: `${agentName}: unusable answer (${parsed.cause}), asking once more`,
            data: {
              negotiation_id: ids.roomId,
              round: ctx.round,
              task: ctx.task,
              cause: parsed.cause,
            },
          });
          span.setAttribute("mams.repair_cause", parsed.cause);
          messages.push(
            { role: "assistant", content: first || "(empty)" },
            { role: "user", content: repairPrompt(ctx.task, parsed.message) },
          );
          parsed = parse(await ask(messages));
        }
        if (!parsed.ok) {
          span.setAttribute("mams.failure_cause", parsed.cause);
          throw new AppError(
            "LLM_BAD_RESPONSE",
            `The ${llm.provider} model's answer for ${agentName} could not be used, even after one repair: ${parsed.message}`,
            {
              details: {
                provider: llm.provider,
                attempts: 2,
                cause: parsed.cause,
                agent: agentName,
                task: ctx.task,
              },
            },
          );
        }
        const text = describe(parsed.value);
        if (span.isRecording())
          span.setAttributes({
            "mams.output_hash": textHash(text),
            "mams.output_snippet": redactedSnippet(text),
          });
        return parsed.value;
      },
    );
  };

  return {
    buyerMessage: (ctx) => turn(ctx, ctx.buyerName, parseBuyerMessage, (text) => text),
    sellerReply: (ctx) =>
      turn(ctx, ctx.agent, parseSellerReply, (reply) => reply.message, sellerReplySchema),
    buyerDecision: (ctx) =>
      turn(
        ctx,
        ctx.buyerName,
        (text) => parseDecision(text, ctx.offers),
        (decision) => decision.reason,
        decisionSchema,
      ),
  };
}
