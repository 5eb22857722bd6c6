import "server-only";
import type { Integration } from "@sentry/core";

/**
 * The Node SDK's default integrations MAMS keeps. Everything else it installs instruments libraries
 * MAMS never loads (Express, Mongo, Redis, Prisma, Kafka, OpenAI's own SDK, ...) or work it never does
 * (child processes, worker threads, `use cache`): each still costs module hooks at start-up and checks
 * on every `require`. Kept, and why:
 * - error capture and its context: EventFilters, FunctionToString, LinkedErrors, Dedupe (replaced by
 *   the per-room one), RequestData, NodeSystemError, OnUncaughtException, OnUnhandledRejection,
 *   ContextLines, Context (replaced by the sampled one), Modules, DistDirRewriteFrames (Next.js frames);
 * - request isolation and trace propagation: Http (incoming request scopes, outgoing calls), NodeFetch
 *   (undici: the LLM providers' calls);
 * - spans the app relies on: VercelAI (agent turns through the AI SDK's telemetry become gen_ai spans),
 *   ConversationId (gen_ai conversation ids), Postgres (`pg`, when DATABASE_URL points at PostgreSQL);
 * - Console (server log lines as breadcrumbs), ProcessSession (release health), Spotlight (local dev).
 */
export const SERVER_INTEGRATIONS_KEPT: readonly string[] = [
  "EventFilters",
  "FunctionToString",
  "LinkedErrors",
  "Dedupe",
  "RequestData",
  "NodeSystemError",
  "ConversationId",
  "Console",
  "Http",
  "NodeFetch",
  "OnUncaughtException",
  "OnUnhandledRejection",
  "ContextLines",
  "Context",
  "ProcessSession",
  "Modules",
  "DistDirRewriteFrames",
  "Spotlight",
  "VercelAI",
  "Postgres",
];

/** The SDK's defaults minus what MAMS has no use for (an SDK upgrade's new defaults stay out until listed). */
export function keepAppIntegrations(defaults: Integration[]): Integration[] {
  return defaults.filter((integration) => SERVER_INTEGRATIONS_KEPT.includes(integration.name));
}
