// Kept apart from build-options.mjs (which needs import.meta) so tests can import it.

/** Said once by `next build --webpack`: what that build does not record (see buildTimeInstrumentation). */
export const WEBPACK_GEN_AI_NOTICE =
  "[sentry] webpack build: AI SDK spans (gen_ai.invoke_agent, gen_ai.generate_content) are NOT recorded, because build-time instrumentation is off for webpack builds (it broke server source maps). negotiation.run, round and agent-turn spans are. Build with Turbopack (the default) to get them.";
