import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors/app-error";
import { HSTS, contentSecurityPolicy, isHttps } from "@/lib/config/security-headers.mjs";
import {
  PUBLIC_PATHS,
  clientKey,
  hostAllowed,
  isAuthorized,
  isJsonContentType,
  isSameOrigin,
  isStateChanging,
} from "./access";
import type { AccessSettings } from "./settings";
import { WriteLimiter } from "./write-limiter";

export type GuardSettings = AccessSettings & {
  writesPerMinute: number;
  development: boolean;
  spotlight: boolean;
  testRoutes?: boolean;
};

/** The debug triggers (lib/test-routes.ts), on Node and edge: a page's notFound() may stream with 200, this cannot. */
const DEBUG_ROUTE = /^\/(debug|api\/debug|api\/debug-edge)(\/|$)/;

/** The tunnel takes the SDK's text/plain envelopes; it checks them itself (lib/sentry/server/tunnel.ts). */
const TUNNEL = "/monitoring";
const UNAUTHORIZED = "Sign in or send Authorization: Bearer <MAMS_ACCESS_TOKEN>";

const refuse = (error: AppError) => error.toResponse();

/**
 * In front of every page and route (docs/security.md): Host check, same-origin JSON writes,
 * write rate per client, the access token, and the per-request CSP nonce.
 */
export function createGuard(settings: () => GuardSettings) {
  let limiter: WriteLimiter | undefined;
  return async function guard(request: NextRequest): Promise<Response> {
    const access = settings();
    const path = request.nextUrl.pathname;
    const headers = request.headers;
    if (!hostAllowed(headers.get("host"), access.allowedHosts)) {
      return refuse(
        new AppError("FORBIDDEN", "This host name is not served here (set MAMS_ALLOWED_HOSTS)"),
      );
    }

    if (!access.testRoutes && DEBUG_ROUTE.test(path))
      return refuse(new AppError("NOT_FOUND", "Not found"));

    const authorized =
      !access.accessToken ||
      PUBLIC_PATHS.includes(path) ||
      isAuthorized(headers, access.accessToken);
    if (isStateChanging(request.method)) {
      if (!isSameOrigin(headers))
        return refuse(new AppError("FORBIDDEN", "Cross-site requests are refused"));
      if (path !== TUNNEL && !isJsonContentType(headers.get("content-type"))) {
        return refuse(new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json"));
      }
      if (!authorized) return refuse(new AppError("UNAUTHORIZED", UNAUTHORIZED));
      if (path !== TUNNEL) {
        try {
          await (limiter ??= new WriteLimiter(access.writesPerMinute)).consume(clientKey(headers));
        } catch (error) {
          return refuse(error as AppError);
        }
      }
    }
    if (!authorized) {
      if (path.startsWith("/api/") || path === TUNNEL)
        return refuse(new AppError("UNAUTHORIZED", UNAUTHORIZED));
      // Built from the Host the browser used (already checked above), so the cookie lands on the same origin.
      const proto = isHttps(headers.get("x-forwarded-proto"), request.url) ? "https" : "http";
      return NextResponse.redirect(
        new URL(`/signin?next=${encodeURIComponent(path)}`, `${proto}://${headers.get("host")}`),
        303,
      );
    }

    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
    const csp = contentSecurityPolicy({
      development: access.development,
      spotlight: access.spotlight,
      nonce,
    });
    // Next.js reads the nonce from the request's CSP header and puts it on its scripts.
    const requestHeaders = new Headers(headers);
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set("x-nonce", nonce);
    const response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set("content-security-policy", csp);
    if (isHttps(headers.get("x-forwarded-proto"), request.url))
      response.headers.set("strict-transport-security", HSTS);
    return response;
  };
}
