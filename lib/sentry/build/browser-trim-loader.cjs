// CommonJS because webpack's and Turbopack's loader runners load a loader file with require().
// Turbopack loader for @sentry/* ESM files in the browser bundle (wired in build-options.mjs).
// Turbopack neither honours the SDK's __SENTRY_DEBUG__ / __SENTRY_TRACING__ flags across modules
// nor offers withSentryConfig's webpack tree-shaking, so this does the two trims by hand:
// - stripDebug: every `import { DEBUG_BUILD } …` becomes `const DEBUG_BUILD = false`, so the
//   minifier drops the SDK's debug logging (its strings are most of the saving);
// - deferTracing: @sentry/nextjs's client init stops pulling browserTracingIntegration into the
//   first load (with the route provider that only tracing uses); lib/sentry/browser/lazy-tracing.ts adds
//   both after first paint.
// A pattern that no longer matches fails the build, so an SDK upgrade cannot silently undo this.

const DEBUG_IMPORT = /^import \{ DEBUG_BUILD(?: as (\w+))? \} from '[^']+';$/gm;
const NEXTJS_CLIENT_INDEX = /@sentry[\\/]nextjs[\\/]build[\\/]esm[\\/]client[\\/]index\.js$/;
const TRACING_EDITS = [
  ["import { browserTracingIntegration } from './browserTracingIntegration.js';\n", ""],
  // The route provider reaches into the tracing modules; lazy-tracing.ts registers it with tracing.
  ["import { createNextRouteProvider } from './routing/routeProvider.js';\n", ""],
  ["    routeProvider: createNextRouteProvider(),\n", ""],
  ["    customDefaultIntegrations.push(browserTracingIntegration());\n", ""],
  ["export { browserTracingIntegration, init };", "export { init };"],
];

function stripDebug(source) {
  return source.replace(DEBUG_IMPORT, (_line, alias) => `const ${alias ?? "DEBUG_BUILD"} = false;`);
}

function deferTracing(source, file) {
  let out = source;
  for (const [from, to] of TRACING_EDITS) {
    if (!out.includes(from)) {
      throw new Error(
        `[mams] browser-trim-loader: "${from.trim()}" not found in ${file}; @sentry/nextjs changed, update lib/sentry/build/browser-trim-loader.cjs`,
      );
    }
    out = out.replace(from, to);
  }
  return out;
}

/** @this {{ getOptions(): { stripDebug?: boolean; deferTracing?: boolean }; resourcePath: string }} */
module.exports = function browserTrimLoader(source) {
  const options = this.getOptions();
  let out = options.stripDebug ? stripDebug(source) : source;
  if (options.deferTracing && NEXTJS_CLIENT_INDEX.test(this.resourcePath))
    out = deferTracing(out, this.resourcePath);
  return out;
};

module.exports.stripDebug = stripDebug;
module.exports.deferTracing = deferTracing;
