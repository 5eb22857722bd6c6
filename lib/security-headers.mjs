// Response headers for every page and route: a CSP that still lets Next.js, our tunnel and
// (in development) Spotlight work, plus the usual hardening headers.

/**
 * @param {{ development: boolean, spotlight: boolean }} options
 * @returns {Array<{ key: string, value: string }>}
 */
export function securityHeaders({ development, spotlight }) {
  const connect = ["'self'", ...(spotlight ? ["http://localhost:8969"] : []), ...(development ? ["ws:"] : [])];
  const csp = [
    "default-src 'self'",
    // Next.js inlines its bootstrap scripts; dev mode also evaluates code for fast refresh.
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
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
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  ];
}
