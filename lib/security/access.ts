import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "mams_session";
/** Paths that answer without a session: the health check, signing in, and Next's own assets. */
export const PUBLIC_PATHS = ["/api/health", "/signin", "/api/session"];

const safeEqual = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The cookie holds an HMAC of the token, not the token: a leaked cookie does not reveal it, a new token voids it. */
export function sessionValue(token: string): string {
  return createHmac("sha256", token).update("mams-session-v1").digest("base64url");
}

export function tokenMatches(given: string, token: string): boolean {
  return safeEqual(given, token);
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/** A session cookie from the sign-in page, or `Authorization: Bearer <token>` for scripts. */
export function isAuthorized(headers: Headers, token: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer !== undefined) return tokenMatches(bearer.trim(), token);
  const cookie = cookieValue(headers.get("cookie"), SESSION_COOKIE);
  return cookie !== undefined && safeEqual(cookie, sessionValue(token));
}

/** The Host header must name this server (DNS rebinding gives another host name). */
export function hostAllowed(host: string | null, allowed: string[]): boolean {
  if (!host) return false;
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]!;
  return allowed.some(
    (entry) =>
      entry.toLowerCase() === host.toLowerCase() || entry.toLowerCase() === name.toLowerCase(),
  );
}

/** A browser says where a request comes from; a request without either header is not from a browser page. */
export function isSameOrigin(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = headers.get("origin");
  if (origin === null) return true;
  try {
    return new URL(origin).host === headers.get("host");
  } catch {
    return false;
  }
}

export const isJsonContentType = (value: string | null) =>
  /^application\/json\s*(;|$)/i.test(value ?? "");

export const isStateChanging = (method: string) =>
  !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());

/** Who is asking, for per-client limits: the address Next's server saw (the last X-Forwarded-For hop). */
export function clientKey(headers: Headers): string {
  const hops = headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops?.at(-1) ?? headers.get("x-real-ip") ?? "local";
}
