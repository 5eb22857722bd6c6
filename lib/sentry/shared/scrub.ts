import type { Breadcrumb, ErrorEvent, StreamedSpanJSON } from "@sentry/core";
import { SENSITIVE_KEY } from "./sensitive-names";

export const FILTERED = "[Filtered]";

const SENSITIVE_HEADER_ATTRIBUTE =
  /^http\.(request|response)\.header\.(authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-auth-token)$/i;

const SECRET_QUERY_PARAM =
  /([?&;](?:api[-_]?key|apikey|key|token|access[-_]?token|refresh[-_]?token|auth|authorization|secret|client[-_]?secret|password|passwd|pwd|session|sig|signature|code|sentry_key|dsn)=)[^&#;\s"']*/gi;

// Every pattern is linear-time by construction: each one starts at a fixed literal or a run start
// (lookbehind), its repeated classes are disjoint from the character that must follow them, and no
// quantified group can match the same text two ways (tests/integration/scrub-linear.test.ts, `npm run bench:scrub`).
// Token lengths are bounded: real keys are far shorter, and V8 runs a match over hundreds of
// kilobytes up to 40 times slower some of the time.
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // DSN or any URL with credentials: keep scheme and host, drop the key.
  [/\b(https?:\/\/)[^\s:@/"']+(?::[^\s@/"']*)?@/gi, `$1${FILTERED}@`],
  // Authorization schemes are case-insensitive (RFC 9110): "bearer x" is as secret as "Bearer x".
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,8192}/gi, `$1 ${FILTERED}`],
  [/\bsntry[su]_[A-Za-z0-9+/=_-]{16,1024}/g, FILTERED],
  // OpenAI (sk-, sk-proj-), OpenRouter (sk-or-), Anthropic (sk-ant-), xAI, Groq, Hugging Face, Google.
  [/\bsk-(?:or-|proj-|ant-)?[A-Za-z0-9_-]{16,1024}/g, FILTERED],
  [/\bxai-[A-Za-z0-9_-]{16,1024}/g, FILTERED],
  [/\bgsk_[A-Za-z0-9]{16,1024}/g, FILTERED],
  [/\bhf_[A-Za-z0-9]{16,1024}/g, FILTERED],
  [/\bAIza[0-9A-Za-z_-]{30,1024}/g, FILTERED],
  // Stripe-style live and test keys (secret, publishable, restricted).
  [/\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,1024}/g, FILTERED],
  [/\b(?:ghp|gho|ghu|ghs|github_pat)_[A-Za-z0-9_]{20,1024}/g, FILTERED],
  [/\bglpat-[A-Za-z0-9_-]{20,1024}/g, FILTERED],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,1024}/g, FILTERED],
  [/\bAKIA[0-9A-Z]{16}\b/g, FILTERED],
  [
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,4096}/g,
    FILTERED,
  ],
  [
    /\b(api[-_]?key|apikey|secret|password|token)(["']?\s*[:=]\s*["']?)[^\s"',;&]{4,}/gi,
    `$1$2${FILTERED}`,
  ],
  // Starts only where a local part starts; the lazy local part stops at the first @ (or %40) that is
  // followed by dot-separated labels, and labels cannot contain dots, so nothing is tried twice.
  [/(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+?(?:@|%40)(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g, "[email]"],
];

/** Values that are secret wherever they appear (the server's configured keys and passwords), matched literally. */
export type ScrubOptions = {
  extraPatterns?: ReadonlyArray<RegExp>;
  literals?: ReadonlyArray<string>;
};

/** Shorter values would scrub ordinary words; configured secrets are never this short. */
export const MIN_LITERAL_LENGTH = 6;

// Every span attribute and event string goes through scrubString, and almost none holds a secret:
// one case-insensitive pass over the union of the patterns (a superset of what they match) lets
// those strings through without the passes below.
const ANY_BUILT_IN = new RegExp(
  [SECRET_QUERY_PARAM, ...PATTERNS.map(([pattern]) => pattern)]
    .map((p) => `(?:${p.source})`)
    .join("|"),
  "i",
);

const globalCopies = new WeakMap<RegExp, RegExp>();
function globalCopy(pattern: RegExp): RegExp {
  let copy = globalCopies.get(pattern);
  if (!copy)
    globalCopies.set(
      pattern,
      (copy = new RegExp(
        pattern.source,
        pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`,
      )),
    );
  return copy;
}

export function scrubString(value: string, options: ScrubOptions = {}): string {
  let out = value;
  for (const literal of options.literals ?? []) {
    if (literal.length >= MIN_LITERAL_LENGTH && out.includes(literal))
      out = out.split(literal).join(FILTERED);
  }
  if (ANY_BUILT_IN.test(out)) {
    out = out.replace(SECRET_QUERY_PARAM, `$1${FILTERED}`);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  }
  for (const pattern of options.extraPatterns ?? [])
    out = out.replace(globalCopy(pattern), FILTERED);
  return out;
}

const MAX_DEPTH = 12;

/** Deep copy with sensitive keys masked and every string scrubbed. */
export function scrubValue<T>(value: T, options: ScrubOptions = {}, depth = 0): T {
  if (typeof value === "string") return scrubString(value, options) as T;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, options, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] =
      SENSITIVE_KEY.test(key) && inner !== null && inner !== undefined && inner !== ""
        ? FILTERED
        : scrubValue(inner, options, depth + 1);
  }
  return out as T;
}

export function scrubEvent<E extends ErrorEvent>(event: E, options: ScrubOptions = {}): E {
  const scrubbed = scrubValue(event, options);
  if (scrubbed.request) {
    delete scrubbed.request.cookies;
    if (scrubbed.request.headers) {
      for (const name of Object.keys(scrubbed.request.headers)) {
        if (/^(cookie|authorization|proxy-authorization|x-api-key|x-auth-token)$/i.test(name))
          delete scrubbed.request.headers[name];
      }
    }
  }
  return scrubbed;
}

export function scrubBreadcrumb(breadcrumb: Breadcrumb, options: ScrubOptions = {}): Breadcrumb {
  return scrubValue(breadcrumb, options);
}

type Attributes = StreamedSpanJSON["attributes"];

export function scrubSpan(span: StreamedSpanJSON, options: ScrubOptions = {}): StreamedSpanJSON {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(span.attributes ?? {})) {
    if (SENSITIVE_HEADER_ATTRIBUTE.test(key)) continue;
    attributes[key] = scrubValue(value, options);
  }
  return { ...span, name: scrubString(span.name, options), attributes };
}
