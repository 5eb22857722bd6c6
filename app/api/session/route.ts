import { z } from "zod";
import { apiRoute, readJson } from "@/lib/server/http/handler";
import { AppError } from "@/lib/errors/app-error";
import { isHttps } from "@/lib/config/security-headers.mjs";
import { SESSION_COOKIE, sessionValue, tokenMatches } from "@/lib/security/access";
import { accessFromEnv } from "@/lib/security/settings";

export const dynamic = "force-dynamic";

const signInSchema = z.object({
  token: z.string({ error: "Required" }).min(1, "Required").max(1_000),
});

const cookie = (request: Request, value: string, maxAge: number) =>
  [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${maxAge}`,
    ...(isHttps(request.headers.get("x-forwarded-proto"), request.url) ? ["Secure"] : []),
  ].join("; ");

/** Sign in with the operator's access token: an HttpOnly, SameSite=Strict session cookie for 12 hours. */
export const POST = apiRoute("POST /api/session", async (request) => {
  const { accessToken } = accessFromEnv();
  if (!accessToken)
    throw new AppError(
      "NOT_FOUND",
      "Sign-in is off: this server has no MAMS_ACCESS_TOKEN and listens on loopback only",
    );
  const { token } = await readJson(request, signInSchema);
  if (!tokenMatches(token, accessToken)) {
    throw new AppError("UNAUTHORIZED", "That token is not right", {
      details: [{ path: "token", message: "Not the access token" }],
    });
  }
  return new Response(null, {
    status: 204,
    headers: { "set-cookie": cookie(request, sessionValue(accessToken), 12 * 3600) },
  });
});

export const DELETE = apiRoute(
  "DELETE /api/session",
  async (request) =>
    new Response(null, { status: 204, headers: { "set-cookie": cookie(request, "", 0) } }),
);
