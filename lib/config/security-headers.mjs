// Response headers. The CSP carries a fresh nonce per request, so proxy.ts sets it (pages are
// rendered per request); next.config.mjs sets the static ones on every response, assets included.

/**
 * @param {{ development: boolean, spotlight: boolean, nonce: string }} options
 * @returns {string}
 */
export function contentSecurityPolicy({ development, spotlight, nonce }) {
  const connect = [
    "'self'",
    ...(spotlight ? ["http://localhost:8969"] : []),
    ...(development ? ["ws:"] : []),
  ];
  return [
    "default-src 'self'",
    // Next.js puts the nonce on its own scripts; 'strict-dynamic' lets those load their chunks.
    // React's dev build evaluates code for debugging, hence 'unsafe-eval' in development only.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * @param {{ development: boolean, spotlight: boolean }} _options
 * @returns {Array<{ key: string, value: string }>}
 */
export function securityHeaders(_options) {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    },
  ];
}

export const HSTS = "max-age=63072000; includeSubDomains";

/** HSTS only means something over https: behind a TLS proxy (X-Forwarded-Proto) or served directly. */
export function isHttps(/** @type {string | null} */ forwardedProto, /** @type {string} */ url) {
  return forwardedProto?.split(",")[0]?.trim() === "https" || url.startsWith("https:");
}
