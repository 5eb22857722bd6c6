import "server-only";
import type { JSONSchema7 } from "@ai-sdk/provider";
import { asSchema, type OutputInterface } from "ai";
import type { z } from "zod";
import { DEFAULT_OUTPUT_MODES, type LlmSettings, type OutputMode } from "@/lib/domain/schemas";

export { DEFAULT_OUTPUT_MODES };

export function outputModeFor(llm: Pick<LlmSettings, "provider" | "outputMode">): OutputMode {
  return llm.outputMode ?? DEFAULT_OUTPUT_MODES[llm.provider];
}

/** The JSON schema a zod schema becomes on the wire (the same conversion the AI SDK does). */
export async function wireJsonSchema(schema: z.ZodType): Promise<JSONSchema7> {
  return await asSchema(schema).jsonSchema;
}

/**
 * An AI SDK output that asks for the mode's response format and hands back the raw text:
 * parsing is ours (lib/ai/answer-parsing.ts), tolerant of what models really write.
 * Prompt-only sends no response_format at all.
 */
export function rawOutput(
  mode: OutputMode,
  name: string,
  schema: z.ZodType,
): OutputInterface<string, string, never> | undefined {
  if (mode === "prompt") return undefined;
  return {
    name: "mams-raw",
    responseFormat:
      mode === "schema"
        ? wireJsonSchema(schema).then((jsonSchema) => ({
            type: "json" as const,
            schema: jsonSchema,
            name,
          }))
        : Promise.resolve({ type: "json" as const }),
    parseCompleteOutput: async ({ text }) => text,
    parsePartialOutput: async ({ text }) => ({ partial: text }),
    createElementStreamTransform: () => undefined,
  };
}
