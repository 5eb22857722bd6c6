/**
 * The one list of sensitive names. It feeds the SDK-side scrubbing (scrub.ts, data-collection.ts)
 * and the server-side project settings that `npm run sentry:apply` writes (lib/sentry-ops).
 * In a name, "_" stands for an optional separator: "api_key" covers api_key, api-key and apikey.
 */
export const SENSITIVE_KEY_NAMES = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api_key",
  "apikey",
  "x-auth-token",
  "auth_token",
  "access_token",
  "refresh_token",
  "token",
  "secret",
  "client_secret",
  "password",
  "passwd",
  "pwd",
  "private_key",
  "sentry_auth_token",
  "dsn",
  "database_url",
] as const;

/** Substrings denied in headers, cookies and query parameters when SENTRY_SEND_DEFAULT_PII=true. */
export const SECRET_NAME_FRAGMENTS = [
  "authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "token",
  "secret",
  "password",
  "session",
  "auth",
  "key",
  "forwarded",
  "-ip",
  "remote-",
  "via",
  "-user",
];

/**
 * Fields Sentry's server-side scrubber must keep although its defaults would match them
 * ("session", "token"): our correlation tags and the gen_ai token counts.
 */
export const SAFE_FIELD_NAMES = [
  "session_id",
  "negotiation_id",
  "gen_ai.usage.input_tokens",
  "gen_ai.usage.output_tokens",
  "gen_ai.usage.total_tokens",
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Exact (case-insensitive) key match used by scrubValue. */
export const SENSITIVE_KEY = new RegExp(
  `^(${SENSITIVE_KEY_NAMES.map((name) => name.split("_").map(escapeRegExp).join("[-_]?")).join("|")})$`,
  "i",
);

/** Every spelling of every name, for Sentry's "Additional Sensitive Fields" (a substring match on keys). */
export function serverSensitiveFields(): string[] {
  const out = new Set<string>();
  for (const name of SENSITIVE_KEY_NAMES) {
    const parts = name.split("_");
    for (const separator of ["_", "-", ""]) out.add(parts.join(separator));
  }
  return [...out].sort();
}
